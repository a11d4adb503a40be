/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.quell.remediate.RemediateOptions;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.avro.RemediationAction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends actions over HTTP: the action's payload as the body (with the action's Content-Type, JSON
 * by default), signed ({@link WebhookSignature}) when the sender has a secret, with the action id
 * as {@value WebhookSignature#IDEMPOTENCY_KEY_HEADER} on every attempt, and the Authorization
 * header configured for the destination host, if any (credentials never travel in quell.actions).
 * Slack, PagerDuty, Jira and scale calls go through it as well as generic webhooks: receivers that
 * do not know the signature headers ignore them.
 *
 * <p>Retries (resilience4j) on 5xx, 429, timeouts and connection errors, with exponential backoff
 * and jitter, at most {@code maxAttempts} of the action in total and none that would start after
 * the retry deadline; a 429's Retry-After is honoured when it fits. Other answers (4xx, and 3xx:
 * redirects are never followed, since they could lead past the allowlist) end the delivery at once.
 * Each attempt is signed anew, so its timestamp is fresh.
 */
public final class WebhookSender implements ActionSender {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

  /**
   * How hard to try.
   *
   * @param requestTimeout longest wait for one response
   * @param retryDeadline time budget of all attempts, from the first on
   * @param initialBackoff wait before the second attempt; doubles after, with 50 % jitter
   * @param maxBackoff longest wait between two attempts
   */
  public record Policy(
      Duration requestTimeout,
      Duration retryDeadline,
      Duration initialBackoff,
      Duration maxBackoff) {

    public Policy {
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(retryDeadline, "retryDeadline");
      if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException(
            "Backoff must satisfy 0 <= initial <= max: " + initialBackoff + ", " + maxBackoff);
      }
    }

    public static Policy fromConfig(Map<String, ?> config) {
      return new Policy(
          RemediateOptions.DISPATCH_REQUEST_TIMEOUT.read(config),
          RemediateOptions.DISPATCH_RETRY_DEADLINE.read(config),
          RemediateOptions.DISPATCH_INITIAL_BACKOFF.read(config),
          RemediateOptions.DISPATCH_MAX_BACKOFF.read(config));
    }
  }

  /** One request's outcome: the status (or -1), whether to try again, and a hint how soon. */
  private record Attempt(int status, String error, boolean retryable, long retryAfterMillis) {
    boolean succeeded() {
      return status >= 200 && status < 300;
    }

    Attempt finalWith(String reason) {
      return new Attempt(status, error == null ? reason : error + "; " + reason, false, 0);
    }
  }

  private final HttpClient http;
  private final WebhookSignature signature;
  private final Policy policy;
  private final Clock clock;
  private final RemediationMetrics metrics;
  private final IntervalFunction backoff;
  private final Map<String, String> authorizations;

  public WebhookSender(
      HttpClient http,
      WebhookSignature signature,
      Policy policy,
      Clock clock,
      RemediationMetrics metrics) {
    this(http, Objects.requireNonNull(signature, "signature"), Map.of(), policy, clock, metrics);
  }

  /**
   * @param signature signs every request; null to send unsigned
   * @param authorizations the Authorization header value per host ({@code host} or {@code
   *     host:port}, lower case)
   */
  public WebhookSender(
      HttpClient http,
      WebhookSignature signature,
      Map<String, String> authorizations,
      Policy policy,
      Clock clock,
      RemediationMetrics metrics) {
    this.http = Objects.requireNonNull(http, "http");
    this.signature = signature;
    this.authorizations = Map.copyOf(authorizations);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.backoff =
        IntervalFunction.ofExponentialRandomBackoff(
            Math.max(1, policy.initialBackoff().toMillis()),
            2.0,
            0.5,
            Math.max(1, policy.maxBackoff().toMillis()));
  }

  /** The HTTP client the dispatcher uses: never follows redirects, speaks HTTP/1.1. */
  public static HttpClient httpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  @Override
  public Delivery send(RemediationAction action) {
    Instant startedAt = clock.instant();
    Instant deadline = startedAt.plus(policy.retryDeadline());
    byte[] body = action.getPayload().getBytes(StandardCharsets.UTF_8);
    AtomicInteger sent = new AtomicInteger();
    AtomicReference<Attempt> last = new AtomicReference<>();

    RetryConfig config =
        RetryConfig.<Attempt>custom()
            .maxAttempts(Math.max(1, action.getMaxAttempts()))
            .retryOnResult(Attempt::retryable)
            .retryOnException(error -> false)
            .failAfterMaxAttempts(false)
            .intervalBiFunction(waitWithin(deadline))
            .build();
    Retry retry = Retry.of(action.getActionId(), config);
    Attempt outcome =
        retry.executeSupplier(
            () -> {
              Duration remaining = Duration.between(clock.instant(), deadline);
              if (sent.get() > 0 && isNotPositive(remaining)) {
                return last.get()
                    .finalWith("retry deadline of " + policy.retryDeadline() + " passed");
              }
              sent.incrementAndGet();
              Duration timeout =
                  !isNotPositive(remaining) && remaining.compareTo(policy.requestTimeout()) < 0
                      ? remaining
                      : policy.requestTimeout();
              Attempt attempt = sendOnce(action, body, timeout);
              last.set(attempt);
              return attempt;
            });
    if (!outcome.succeeded() && outcome.retryable()) {
      outcome = outcome.finalWith("gave up after " + sent.get() + " attempts");
    }
    return new Delivery(
        outcome.succeeded(),
        outcome.status() < 0 ? null : outcome.status(),
        sent.get(),
        outcome.succeeded() ? null : outcome.error(),
        startedAt);
  }

  private IntervalBiFunction<Attempt> waitWithin(Instant deadline) {
    return (attemptNumber, outcome) -> {
      long wait = backoff.apply(attemptNumber);
      if (outcome.isRight() && outcome.get().retryAfterMillis() > wait) {
        wait = outcome.get().retryAfterMillis();
      }
      long remaining = Duration.between(clock.instant(), deadline).toMillis();
      // Waiting past the deadline is pointless: the next attempt would not be sent.
      return Math.max(0, Math.min(wait, remaining));
    };
  }

  private Attempt sendOnce(RemediationAction action, byte[] body, Duration timeout) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      URI target = URI.create(action.getTargetUrl());
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(target)
              .timeout(timeout)
              .header(
                  "Content-Type",
                  action.getContentType() == null
                      ? "application/json; charset=utf-8"
                      : action.getContentType())
              .header("User-Agent", "quell-remediate")
              .header(WebhookSignature.IDEMPOTENCY_KEY_HEADER, action.getActionId());
      if (signature != null) {
        builder
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(WebhookSignature.SIGNATURE_HEADER, signature.sign(timestamp, body));
      }
      String authorization = authorizationFor(target);
      if (authorization != null) {
        builder.header("Authorization", authorization);
      }
      request =
          builder
              .method(
                  action.getMethod().toUpperCase(Locale.ROOT),
                  HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
    } catch (IllegalArgumentException e) {
      return new Attempt(-1, "cannot build the request: " + e.getMessage(), false, 0);
    }
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      metrics.webhookRequest(status);
      boolean retryable = status == 429 || status >= 500;
      LOG.debug("{} answered {} to action {}", request.uri(), status, action.getActionId());
      return new Attempt(
          status,
          status >= 200 && status < 300 ? null : "receiver answered HTTP " + status,
          retryable,
          status == 429 ? retryAfterMillis(response) : 0);
    } catch (IOException e) {
      // Timeouts, refused and reset connections: the receiver may be back in a moment.
      metrics.webhookRequest(-1);
      return new Attempt(-1, e.getClass().getSimpleName() + ": " + e.getMessage(), true, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(-1, "interrupted while sending", false, 0);
    }
  }

  private String authorizationFor(URI target) {
    if (authorizations.isEmpty() || target.getHost() == null) {
      return null;
    }
    String host = target.getHost().toLowerCase(Locale.ROOT);
    String withPort = target.getPort() < 0 ? null : host + ":" + target.getPort();
    if (withPort != null && authorizations.containsKey(withPort)) {
      return authorizations.get(withPort);
    }
    return authorizations.get(host);
  }

  private static boolean isNotPositive(Duration duration) {
    return duration.isZero() || duration.isNegative();
  }

  private static long retryAfterMillis(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            value -> {
              try {
                return Math.max(0, Long.parseLong(value.strip())) * 1000;
              } catch (NumberFormatException e) {
                return 0L; // an HTTP date: rare for webhooks, the backoff will do
              }
            })
        .orElse(0L);
  }
}
