/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.ingest.intake.AlertmanagerPayloadReader;
import io.quell.ingest.intake.ContentEncoding;
import io.quell.ingest.intake.DecodedBatch;
import io.quell.ingest.intake.DecodedBodyTooLargeException;
import io.quell.ingest.intake.InvalidPayloadException;
import io.quell.ingest.intake.LogEventMapper;
import io.quell.ingest.intake.MalformedPayloadException;
import io.quell.ingest.intake.MetricPointMapper;
import io.quell.ingest.intake.OtlpLogsMapper;
import io.quell.ingest.intake.OtlpMetricsMapper;
import io.quell.ingest.intake.OtlpRequests;
import io.quell.ingest.intake.ParsedBatch;
import io.quell.ingest.intake.PayloadFormat;
import io.quell.ingest.intake.PayloadReader;
import io.quell.ingest.intake.RecordLimits;
import io.quell.ingest.intake.RecordMapper;
import io.quell.ingest.intake.Rejection;
import io.quell.ingest.intake.RemoteWriteDecoder;
import io.quell.ingest.intake.UndecodableBodyException;
import io.quell.ingest.publish.PublishException;
import io.quell.ingest.publish.RecordPublisher;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.topic.QuellTopic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes and answers the intake's requests. Bodies are read on the request thread (bounded by
 * {@code max-body-bytes}); the wait for Kafka's acknowledgements holds no thread: the answer is
 * written when the publisher's future completes.
 */
final class IntakeHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(IntakeHandler.class);

  static final String LOGS_PATH = "/api/v1/logs";
  static final String METRICS_PATH = "/api/v1/metrics";
  static final String ALERTMANAGER_PATH = "/api/v1/alertmanager";
  static final String REMOTE_WRITE_PATH = "/api/v1/prometheus/write";
  static final String OTLP_LOGS_PATH = "/v1/logs";
  static final String OTLP_METRICS_PATH = "/v1/metrics";

  /** Most rejections described in one answer; all are counted. */
  static final int MAX_REPORTED_REJECTIONS = 100;

  /** The paths the intake serves, with the label their metrics carry. */
  enum Endpoint {
    LOGS("logs"),
    METRICS("metrics"),
    ALERTMANAGER("alertmanager"),
    REMOTE_WRITE("remote_write"),
    OTLP_LOGS("otlp_logs"),
    OTLP_METRICS("otlp_metrics"),
    PROMETHEUS("prometheus"),
    HEALTH("healthz"),
    READY("readyz"),
    OTHER("other");

    final String label;

    Endpoint(String label) {
      this.label = label;
    }

    /** Whether the endpoint answers without a token: probes and scrapes carry none. */
    boolean open() {
      return this == PROMETHEUS || this == HEALTH || this == READY;
    }

    static Endpoint of(String path) {
      return switch (path) {
        case LOGS_PATH -> LOGS;
        case METRICS_PATH -> METRICS;
        case ALERTMANAGER_PATH -> ALERTMANAGER;
        case REMOTE_WRITE_PATH -> REMOTE_WRITE;
        case OTLP_LOGS_PATH -> OTLP_LOGS;
        case OTLP_METRICS_PATH -> OTLP_METRICS;
        case "/metrics" -> PROMETHEUS;
        case "/healthz" -> HEALTH;
        case "/readyz" -> READY;
        default -> OTHER;
      };
    }
  }

  /** Settings the handler needs, read once by the server. */
  record Settings(
      int maxBodyBytes,
      int maxRecordBytes,
      RecordLimits limits,
      Duration retryAfter,
      Duration publishWaitLimit) {}

  private final RecordPublisher publisher;
  private final IntakeMetrics metrics;
  private final Settings settings;
  private final Executor executor;
  private final PayloadReader reader;
  private final AlertmanagerPayloadReader alertmanagerReader;
  private final BearerAuth auth;
  private final RecordMapper<LogEvent> logMapper;
  private final RecordMapper<MetricPoint> metricMapper;
  private final RemoteWriteDecoder remoteWriteDecoder;
  private final OtlpRequests otlpRequests = new OtlpRequests();
  private final OtlpLogsMapper otlpLogsMapper;
  private final OtlpMetricsMapper otlpMetricsMapper;

  IntakeHandler(
      RecordPublisher publisher,
      IntakeMetrics metrics,
      Settings settings,
      BearerAuth auth,
      Executor executor) {
    this.publisher = publisher;
    this.auth = auth;
    this.metrics = metrics;
    this.settings = settings;
    this.executor = executor;
    this.reader = new PayloadReader(settings.maxRecordBytes(), MAX_REPORTED_REJECTIONS);
    this.alertmanagerReader =
        new AlertmanagerPayloadReader(
            settings.maxRecordBytes(), MAX_REPORTED_REJECTIONS, settings.limits());
    this.logMapper = new LogEventMapper(settings.limits());
    this.metricMapper = new MetricPointMapper(settings.limits());
    this.remoteWriteDecoder = new RemoteWriteDecoder(settings.limits(), MAX_REPORTED_REJECTIONS);
    this.otlpLogsMapper =
        new OtlpLogsMapper(
            settings.limits(),
            MAX_REPORTED_REJECTIONS,
            Clock.systemUTC(),
            settings.maxRecordBytes());
    this.otlpMetricsMapper =
        new OtlpMetricsMapper(settings.limits(), MAX_REPORTED_REJECTIONS, Clock.systemUTC());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback);
    try {
      if (!exchange.endpoint.open() && !authorized(exchange)) {
        return true;
      }
      switch (exchange.endpoint) {
        case LOGS -> intake(exchange, QuellTopic.LOGS, logMapper);
        case METRICS -> intake(exchange, QuellTopic.METRICS, metricMapper);
        case ALERTMANAGER -> alertmanager(exchange);
        case REMOTE_WRITE -> remoteWrite(exchange);
        case OTLP_LOGS -> otlp(exchange, OtlpResponses.Signal.LOGS);
        case OTLP_METRICS -> otlp(exchange, OtlpResponses.Signal.METRICS);
        case PROMETHEUS -> prometheus(exchange);
        case HEALTH -> health(exchange);
        case READY -> ready(exchange);
        case OTHER ->
            exchange.error(
                HttpStatus.NOT_FOUND_404,
                "not_found",
                "No endpoint at "
                    + Request.getPathInContext(request)
                    + "; the intake serves POST "
                    + LOGS_PATH
                    + ", POST "
                    + METRICS_PATH
                    + ", POST "
                    + ALERTMANAGER_PATH
                    + ", POST "
                    + REMOTE_WRITE_PATH
                    + " (Prometheus remote_write), POST "
                    + OTLP_LOGS_PATH
                    + " and POST "
                    + OTLP_METRICS_PATH
                    + " (OTLP/HTTP), GET /metrics, GET /healthz and GET /readyz");
      }
    } catch (RuntimeException e) {
      LOG.error("Request {} {} failed", request.getMethod(), request.getHttpURI(), e);
      exchange.error(
          HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error", "The intake failed: " + e);
    }
    return true;
  }

  /**
   * Whether the request carries an accepted bearer token (or none is needed); otherwise answers 401
   * with {@code WWW-Authenticate} and counts the refusal.
   */
  private boolean authorized(Exchange exchange) {
    BearerAuth.Outcome outcome =
        auth.check(exchange.request.getHeaders().get(HttpHeader.AUTHORIZATION));
    if (outcome == BearerAuth.Outcome.ALLOWED) {
      return true;
    }
    metrics.authRejected.labelValues(exchange.endpoint.label, outcome.label).inc();
    String challenge =
        outcome == BearerAuth.Outcome.MISSING
            ? "Bearer realm=\"quell-ingest\""
            : "Bearer realm=\"quell-ingest\", error=\"invalid_token\"";
    exchange.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
    ObjectNode answer =
        JsonBodies.error(
            "unauthorized",
            switch (outcome) {
              case MISSING -> "This endpoint needs an 'Authorization: Bearer <token>' header";
              case MALFORMED -> "The Authorization header must be 'Bearer <token>'";
              default -> "The bearer token is not accepted";
            });
    answer.put("reason", outcome.label);
    exchange.respond(HttpStatus.UNAUTHORIZED_401, answer);
    return false;
  }

  private <T> void intake(Exchange exchange, QuellTopic<String, T> topic, RecordMapper<T> mapper) {
    if (!exchange.allowMethods("POST")) {
      return;
    }
    String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    Optional<PayloadFormat> format = PayloadFormat.ofContentType(contentType);
    if (format.isEmpty()) {
      exchange.error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported_media_type",
          "Content-Type must be application/json or application/x-ndjson (UTF-8), not "
              + (contentType == null ? "absent" : "'" + contentType + "'"));
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      return;
    }
    ParsedBatch<T> batch;
    try {
      batch = reader.read(body, format.get(), mapper);
    } catch (MalformedPayloadException e) {
      malformed(exchange, e);
      return;
    }
    publish(exchange, topic, batch, JSON_REPLY);
  }

  /** An Alertmanager webhook: one JSON object whose alerts go to quell.alerts. */
  private void alertmanager(Exchange exchange) {
    if (!exchange.allowMethods("POST")) {
      return;
    }
    String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (PayloadFormat.ofContentType(contentType).orElse(null) != PayloadFormat.JSON) {
      exchange.error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported_media_type",
          "Content-Type must be application/json (UTF-8), not "
              + (contentType == null ? "absent" : "'" + contentType + "'"));
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      return;
    }
    ParsedBatch<io.quell.schemas.avro.Alert> batch;
    try {
      batch = alertmanagerReader.read(body);
    } catch (MalformedPayloadException e) {
      malformed(exchange, e);
      return;
    } catch (InvalidPayloadException e) {
      metrics.recordsRejected.labelValues(exchange.endpoint.label, e.reason().label()).inc();
      ObjectNode answer = JsonBodies.error("invalid_payload", e.getMessage());
      if (e.field() == null) {
        answer.putNull("field");
      } else {
        answer.put("field", e.field());
      }
      answer.put("reason", e.reason().label());
      exchange.respond(HttpStatus.BAD_REQUEST_400, answer);
      return;
    }
    publish(exchange, QuellTopic.ALERTS, batch, JSON_REPLY);
  }

  /**
   * A Prometheus remote_write 1.0 request: a snappy-compressed protobuf {@code WriteRequest}, one
   * MetricPoint per sample. Prometheus resends on 5xx and drops on 4xx, so a request is answered
   * 2xx as soon as its good samples are in Kafka, and 400 only when nothing in it could ever be
   * taken (see README, "Prometheus remote_write").
   */
  private void remoteWrite(Exchange exchange) {
    if (!exchange.allowMethods("POST")) {
      return;
    }
    String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String proto = MediaTypes.parameter(contentType, "proto");
    if (!MediaTypes.PROTOBUF.equals(MediaTypes.base(contentType))
        || (proto != null && !proto.equals("prometheus.WriteRequest"))) {
      exchange.error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported_media_type",
          "Content-Type must be application/x-protobuf (Prometheus remote_write 1.0,"
              + " prometheus.WriteRequest), not "
              + (contentType == null ? "absent" : "'" + contentType + "'"));
      return;
    }
    byte[] body = readBody(exchange, EnumSet.of(ContentEncoding.SNAPPY));
    if (body == null) {
      return;
    }
    DecodedBatch<MetricPoint> decoded;
    try {
      decoded = remoteWriteDecoder.decode(body);
    } catch (UndecodableBodyException e) {
      undecodable(exchange, e);
      return;
    }
    countSkipped(exchange, decoded);
    publish(
        exchange,
        QuellTopic.METRICS,
        decoded.batch(),
        (ex, accepted, rejections, rejectedCount) -> {
          ObjectNode answer = outcome(accepted, rejections, rejectedCount);
          if (decoded.staleMarkers() > 0) {
            answer.put("staleMarkers", decoded.staleMarkers());
          }
          if (!decoded.unsupported().isEmpty()) {
            ObjectNode unsupported = answer.putObject("unsupported");
            decoded.unsupported().forEach(unsupported::put);
          }
          // No sample at all (only stale markers, histograms or metadata) is no error: Prometheus
          // sends metadata-only requests on its own, and a 400 would be logged as a failure.
          int status =
              rejectedCount == 0
                  ? HttpStatus.OK_200
                  : accepted == 0 ? HttpStatus.BAD_REQUEST_400 : HttpStatus.MULTI_STATUS_207;
          ex.respond(status, answer);
        });
  }

  /**
   * An OTLP/HTTP export request (logs or metrics) in protobuf or JSON, optionally gzipped. Answers
   * in the request's encoding: 200 with an {@code Export*ServiceResponse} (its {@code
   * partial_success} counts rejected records), or an error with a {@code google.rpc.Status}.
   */
  private void otlp(Exchange exchange, OtlpResponses.Signal signal) {
    if (!exchange.allowMethods("POST")) {
      return;
    }
    String contentType = exchange.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    boolean json;
    if (MediaTypes.PROTOBUF.equals(MediaTypes.base(contentType))) {
      json = false;
    } else if (PayloadFormat.ofContentType(contentType).orElse(null) == PayloadFormat.JSON) {
      json = true;
    } else {
      exchange.error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported_media_type",
          "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP), not "
              + (contentType == null ? "absent" : "'" + contentType + "'"));
      return;
    }
    exchange.errorFormat = json ? ErrorFormat.OTLP_JSON : ErrorFormat.OTLP_PROTOBUF;
    byte[] body = readBody(exchange, EnumSet.of(ContentEncoding.IDENTITY, ContentEncoding.GZIP));
    if (body == null) {
      return;
    }
    Reply reply =
        (ex, accepted, rejections, rejectedCount) -> {
          if (accepted == 0 && rejectedCount > 0) {
            ObjectNode answer =
                JsonBodies.error(
                    "invalid_records",
                    OtlpResponses.summary(signal, accepted, rejections, rejectedCount));
            answer.put("rejectedCount", rejectedCount);
            ex.respond(HttpStatus.BAD_REQUEST_400, answer);
            return;
          }
          ex.respond(
              HttpStatus.OK_200,
              json ? JsonBodies.CONTENT_TYPE : MediaTypes.PROTOBUF,
              OtlpResponses.success(signal, json, accepted, rejections, rejectedCount));
        };
    try {
      switch (signal) {
        case LOGS ->
            publish(
                exchange,
                QuellTopic.LOGS,
                otlpLogsMapper.map(otlpRequests.logs(body, json)),
                reply);
        case METRICS -> {
          DecodedBatch<MetricPoint> decoded =
              otlpMetricsMapper.map(otlpRequests.metrics(body, json));
          countSkipped(exchange, decoded);
          publish(exchange, QuellTopic.METRICS, decoded.batch(), reply);
        }
      }
    } catch (UndecodableBodyException e) {
      undecodable(exchange, e);
    }
  }

  /** Counts what a request held that is neither taken nor an error. */
  private void countSkipped(Exchange exchange, DecodedBatch<?> decoded) {
    if (decoded.staleMarkers() > 0) {
      metrics.staleMarkers.labelValues(exchange.endpoint.label).inc(decoded.staleMarkers());
    }
    decoded
        .unsupported()
        .forEach(
            (kind, count) ->
                metrics.unsupported.labelValues(exchange.endpoint.label, kind).inc(count));
  }

  /** A body that could not be decoded at all: 400, nothing taken. */
  private void undecodable(Exchange exchange, UndecodableBodyException e) {
    metrics.recordsRejected.labelValues(exchange.endpoint.label, e.code()).inc();
    exchange.error(HttpStatus.BAD_REQUEST_400, e.code(), e.getMessage());
  }

  /**
   * The body of a POST, within the size limit and without a Content-Encoding; null when it was
   * already answered (413, 415, 400).
   */
  private byte[] readBody(Exchange exchange) {
    return readBody(exchange, EnumSet.of(ContentEncoding.IDENTITY));
  }

  /**
   * The body of a POST in one of the {@code accepted} encodings, decoded; null when it was already
   * answered (413, 415, 400). Both the body as sent and the decoded body are held to {@code
   * max-body-bytes}: decoding stops at the limit, so a small compressed body cannot inflate into a
   * huge one.
   */
  private byte[] readBody(Exchange exchange, EnumSet<ContentEncoding> accepted) {
    Request request = exchange.request;
    String header = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    ContentEncoding encoding = ContentEncoding.ofHeader(header).orElse(null);
    if (encoding == null || !accepted.contains(encoding)) {
      exchange.error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE_415,
          "unsupported_media_type",
          accepted.equals(EnumSet.of(ContentEncoding.IDENTITY))
              ? "Content-Encoding '" + header + "' is not supported; send the body uncompressed"
              : "Content-Encoding "
                  + (header == null ? "absent" : "'" + header + "'")
                  + " is not supported here; use "
                  + accepted.stream()
                      .map(ContentEncoding::token)
                      .collect(java.util.stream.Collectors.joining(" or ")));
      return null;
    }
    long declaredLength = request.getLength();
    if (declaredLength > settings.maxBodyBytes()) {
      tooLarge(exchange);
      return null;
    }
    byte[] body;
    try {
      exchange.bodyRead = true;
      body = Request.asInputStream(request).readNBytes(settings.maxBodyBytes() + 1);
    } catch (IOException e) {
      exchange.error(
          HttpStatus.BAD_REQUEST_400, "bad_request", "Could not read the body: " + e.getMessage());
      return null;
    }
    metrics.requestBytes.labelValues(exchange.endpoint.label).inc(body.length);
    if (body.length > settings.maxBodyBytes()) {
      exchange.bodyRead = false;
      tooLarge(exchange);
      return null;
    }
    try {
      return encoding.decode(body, settings.maxBodyBytes());
    } catch (DecodedBodyTooLargeException e) {
      exchange.error(HttpStatus.PAYLOAD_TOO_LARGE_413, "payload_too_large", e.getMessage());
    } catch (UndecodableBodyException e) {
      undecodable(exchange, e);
    }
    return null;
  }

  private void malformed(Exchange exchange, MalformedPayloadException e) {
    metrics.recordsRejected.labelValues(exchange.endpoint.label, "malformed_json").inc();
    ObjectNode answer =
        JsonBodies.error("malformed_json", "The body is not valid JSON: " + e.getMessage());
    answer.put("line", e.line());
    answer.put("column", e.column());
    if (e.byteOffset() >= 0) {
      answer.put("offset", e.byteOffset());
    }
    exchange.respond(HttpStatus.BAD_REQUEST_400, answer);
  }

  /**
   * How an endpoint answers once the fate of its records is known: after Kafka acknowledged the
   * accepted ones, or at once when there are none.
   */
  @FunctionalInterface
  private interface Reply {
    void send(Exchange exchange, int accepted, List<Rejection> rejections, int rejectedCount);
  }

  /** The JSON endpoints' rule: 200 all taken, 207 some, 400 none or an empty body. */
  private static final Reply JSON_REPLY =
      (exchange, accepted, rejections, rejectedCount) -> {
        if (accepted + rejectedCount == 0) {
          exchange.error(HttpStatus.BAD_REQUEST_400, "no_records", "The body holds no records");
          return;
        }
        int status =
            rejectedCount == 0
                ? HttpStatus.OK_200
                : accepted == 0 ? HttpStatus.BAD_REQUEST_400 : HttpStatus.MULTI_STATUS_207;
        exchange.respond(status, outcome(accepted, rejections, rejectedCount));
      };

  /** Answers the request once Kafka has acknowledged the batch's good records (see README). */
  private <T> void publish(
      Exchange exchange, QuellTopic<String, T> topic, ParsedBatch<T> batch, Reply reply) {
    batch
        .rejectedByReason()
        .forEach(
            (reason, count) ->
                metrics
                    .recordsRejected
                    .labelValues(exchange.endpoint.label, reason.label())
                    .inc(count));
    if (batch.accepted().isEmpty()) {
      reply.send(exchange, 0, batch.rejections(), batch.rejectedCount());
      return;
    }
    int accepted = batch.accepted().size();
    // Only what the answer needs is kept while Kafka acknowledges; the values are in its buffer.
    List<Rejection> rejections = batch.rejections();
    int rejectedCount = batch.rejectedCount();
    publisher
        .publish(topic, batch.accepted())
        .orTimeout(settings.publishWaitLimit().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (ignored, error) -> {
              if (error == null) {
                metrics.recordsAccepted.labelValues(exchange.endpoint.label).inc(accepted);
                reply.send(exchange, accepted, rejections, rejectedCount);
              } else {
                publishFailed(exchange, error);
              }
            },
            executor);
  }

  private void tooLarge(Exchange exchange) {
    exchange.error(
        HttpStatus.PAYLOAD_TOO_LARGE_413,
        "payload_too_large",
        "The body is larger than the limit of " + settings.maxBodyBytes() + " bytes");
  }

  private void publishFailed(Exchange exchange, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    PublishException failure =
        cause instanceof PublishException publishException
            ? publishException
            : new PublishException(
                cause instanceof TimeoutException
                    ? PublishException.Reason.KAFKA_TIMEOUT
                    : PublishException.Reason.KAFKA_REJECTED,
                cause instanceof TimeoutException
                    ? "Kafka did not acknowledge within " + settings.publishWaitLimit()
                    : String.valueOf(cause),
                cause);
    metrics.kafkaErrors.labelValues(exchange.endpoint.label, failure.reason().label()).inc();
    if (failure.isRetryable()) {
      LOG.warn("Answering 503: {}", failure.getMessage());
      ObjectNode answer =
          JsonBodies.error(
              "unavailable",
              "No record of this request was taken; retry later: " + failure.getMessage());
      answer.put("reason", failure.reason().label());
      long seconds = Math.max(1, (settings.retryAfter().toMillis() + 999) / 1000);
      answer.put("retryAfterSeconds", seconds);
      exchange.response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
      exchange.respond(HttpStatus.SERVICE_UNAVAILABLE_503, answer);
    } else {
      LOG.error("Answering 500: {}", failure.getMessage(), failure);
      ObjectNode answer =
          JsonBodies.error(
              "publish_failed",
              "The records were refused downstream and were not taken: " + failure.getMessage());
      answer.put("reason", failure.reason().label());
      exchange.respond(HttpStatus.INTERNAL_SERVER_ERROR_500, answer);
    }
  }

  private static ObjectNode outcome(int accepted, List<Rejection> rejections, int rejectedCount) {
    ObjectNode answer = JsonBodies.JSON.createObjectNode();
    answer.put("accepted", accepted);
    if (rejectedCount > 0) {
      answer.put("rejectedCount", rejectedCount);
      ArrayNode list = answer.putArray("rejected");
      for (Rejection rejection : rejections) {
        ObjectNode item = list.addObject();
        item.put("index", rejection.index());
        if (rejection.field() == null) {
          item.putNull("field");
        } else {
          item.put("field", rejection.field());
        }
        item.put("reason", rejection.reason().label());
        item.put("error", rejection.error());
      }
    }
    return answer;
  }

  private void prometheus(Exchange exchange) {
    if (!exchange.allowMethods("GET", "HEAD")) {
      return;
    }
    try {
      IntakeMetrics.Scrape scrape =
          metrics.scrape(exchange.request.getHeaders().get(HttpHeader.ACCEPT));
      // Counted before the scrape is written would be invisible in it; counted here it shows
      // in the next one, like every other request.
      exchange.respond(HttpStatus.OK_200, scrape.contentType(), scrape.body());
    } catch (IOException e) {
      exchange.error(HttpStatus.INTERNAL_SERVER_ERROR_500, "internal_error", "Scrape failed: " + e);
    }
  }

  private void health(Exchange exchange) {
    if (!exchange.allowMethods("GET", "HEAD")) {
      return;
    }
    ObjectNode answer = JsonBodies.JSON.createObjectNode();
    answer.put("status", "alive");
    exchange.respond(HttpStatus.OK_200, answer);
  }

  private void ready(Exchange exchange) {
    if (!exchange.allowMethods("GET", "HEAD")) {
      return;
    }
    RecordPublisher.Readiness readiness = publisher.readiness();
    metrics.kafkaReady.set(readiness.ready() ? 1 : 0);
    ObjectNode answer = JsonBodies.JSON.createObjectNode();
    answer.put("status", readiness.ready() ? "ready" : "not_ready");
    answer.put("kafka", readiness.detail());
    exchange.respond(
        readiness.ready() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503, answer);
  }

  /**
   * Most bytes of an unwanted body read and thrown away before an early answer (413, 415, 405...).
   * A connection closed with unread bytes is reset by the kernel, and the client would lose the
   * answer to the reset; past this much the intake answers anyway and closes.
   */
  private long discardLimit() {
    return Math.max(4L * settings.maxBodyBytes(), 1024 * 1024);
  }

  /** The shape of error answers: the intake's JSON, or what an OTLP sender reads. */
  enum ErrorFormat {
    JSON,
    /** JSON with a {@code google.rpc.Status} {@code code} beside the intake's fields. */
    OTLP_JSON,
    /** A protobuf {@code google.rpc.Status}. */
    OTLP_PROTOBUF
  }

  /** One request with its answer, timed and counted when the answer is written. */
  private final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    final Endpoint endpoint;
    final long startedNanos = System.nanoTime();
    boolean bodyRead;
    ErrorFormat errorFormat = ErrorFormat.JSON;

    Exchange(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.endpoint = Endpoint.of(Request.getPathInContext(request));
    }

    private void discardUnreadBody() {
      if (bodyRead) {
        return;
      }
      bodyRead = true;
      if (request.getLength() > discardLimit()) {
        return;
      }
      try (InputStream in = Request.asInputStream(request)) {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while (total < discardLimit() && (read = in.read(buffer)) != -1) {
          total += read;
        }
      } catch (IOException e) {
        // The client is gone or sent a broken body: the answer will not reach it anyway.
        LOG.debug("Could not discard the body of {}: {}", request.getHttpURI(), e.toString());
      }
    }

    /** Answers 405 unless the method is one of {@code methods}. */
    boolean allowMethods(String... methods) {
      for (String method : methods) {
        if (method.equals(request.getMethod())) {
          return true;
        }
      }
      String allowed = String.join(", ", methods);
      response.getHeaders().put(HttpHeader.ALLOW, allowed);
      error(
          HttpStatus.METHOD_NOT_ALLOWED_405,
          "method_not_allowed",
          request.getMethod() + " is not allowed here; use " + allowed);
      return false;
    }

    void error(int status, String code, String message) {
      respond(status, JsonBodies.error(code, message));
    }

    void respond(int status, ObjectNode body) {
      if (status >= 400 && errorFormat != ErrorFormat.JSON) {
        int code = OtlpResponses.grpcCode(status);
        if (errorFormat == ErrorFormat.OTLP_PROTOBUF) {
          respond(
              status,
              MediaTypes.PROTOBUF,
              OtlpResponses.status(code, body.path("message").asText("")));
          return;
        }
        body.put("code", code);
      }
      respond(status, JsonBodies.CONTENT_TYPE, JsonBodies.bytes(body));
    }

    void respond(int status, String contentType, byte[] body) {
      discardUnreadBody();
      metrics.requests.labelValues(endpoint.label, Integer.toString(status)).inc();
      metrics
          .duration
          .labelValues(endpoint.label)
          .observe((System.nanoTime() - startedNanos) / 1e9);
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(body), callback);
    }
  }
}
