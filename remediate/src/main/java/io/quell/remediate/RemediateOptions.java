/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import io.quell.remediate.runbook.RunbookEngine;
import io.quell.schemas.config.ConfigOption;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the remediation service. All are read from one {@code Map<String, ?>}; the
 * shared connection keys ({@code bootstrap.servers}, {@code schema.registry.url}, {@code
 * elasticsearch.url}) and the topic keys ({@code quell.topic.*}) are the same for every Quell
 * component.
 */
public final class RemediateOptions {

  /** Common prefix of the settings that belong to remediate alone. */
  public static final String PREFIX = "quell.remediate.";

  public static final ConfigOption<String> BOOTSTRAP_SERVERS =
      ConfigOption.string(
          "bootstrap.servers", null, "Kafka bootstrap servers, for example 127.0.0.1:9092.");

  public static final ConfigOption<String> ELASTICSEARCH_URL =
      ConfigOption.string(
          "elasticsearch.url",
          null,
          "Base URL of Elasticsearch, for example http://127.0.0.1:9200. Required while the"
              + " incident indexer is enabled.");

  public static final ConfigOption<String> APPLICATION_ID =
      ConfigOption.string(
          PREFIX + "application.id",
          "quell-remediate",
          "Kafka Streams application id of the runbook engine. The dispatcher and the indexer use"
              + " it as the stem of their consumer group ids (<id>-dispatcher, <id>-indexer), so"
              + " instances with the same id share the work and take over from each other.");

  public static final ConfigOption<String> STATE_DIR =
      ConfigOption.string(
          PREFIX + "state.dir",
          "",
          "Directory of the Kafka Streams state stores; empty for Kafka Streams' default. The"
              + " state is rebuilt from its changelog when the directory is lost.");

  public static final ConfigOption<Integer> STREAM_THREADS =
      ConfigOption.integer(
          PREFIX + "streams.threads", 1, "Number of Kafka Streams threads of the runbook engine.");

  public static final ConfigOption<Boolean> RUNBOOK_ENABLED =
      ConfigOption.bool(
          PREFIX + "runbook.enabled",
          true,
          "Whether this instance runs the runbook engine (incidents to actions).");

  public static final ConfigOption<Boolean> DISPATCHER_ENABLED =
      ConfigOption.bool(
          PREFIX + "dispatcher.enabled",
          true,
          "Whether this instance runs the action dispatcher (actions to webhooks and results).");

  public static final ConfigOption<Boolean> INDEXER_ENABLED =
      ConfigOption.bool(
          PREFIX + "indexer.enabled",
          true,
          "Whether this instance runs the incident indexer (incidents to Elasticsearch).");

  public static final ConfigOption<String> WEBHOOK_URL =
      ConfigOption.string(
          PREFIX + "webhook.url",
          "",
          "Target of the built-in rule 'critical-incident-webhook': every new CRITICAL incident"
              + " is posted there once, signed. Empty disables the rule.");

  public static final ConfigOption<String> WEBHOOK_SECRET =
      ConfigOption.string(
          PREFIX + "webhook.secret",
          "",
          "Shared secret of the HMAC-SHA256 webhook signature (X-Quell-Signature). Required when"
              + " webhook.url is set; without it the dispatcher refuses generic webhooks.");

  public static final ConfigOption<Integer> WEBHOOK_MAX_ATTEMPTS =
      ConfigOption.integer(
          PREFIX + "webhook.max.attempts",
          5,
          "How many requests in total the dispatcher may send for one webhook action when the"
              + " receiver fails transiently (5xx, 429, timeouts, connection errors).");

  public static final ConfigOption<Boolean> WEBHOOK_DRY_RUN =
      ConfigOption.bool(
          PREFIX + "webhook.dry.run",
          false,
          "Mark webhook actions as dry runs: the dispatcher records DRY_RUN and sends nothing.");

  public static final ConfigOption<Duration> ACTION_DEADLINE =
      ConfigOption.millis(
          PREFIX + "action.deadline.ms",
          Duration.ZERO,
          "How long after the incident's lastSeen (event time) an action may still run; the"
              + " dispatcher reports EXPIRED after that. 0 sets no deadline, which suits replays"
              + " of old events.");

  public static final ConfigOption<Duration> NOTIFIED_TTL =
      ConfigOption.millis(
          PREFIX + "notified.ttl.ms",
          Duration.ofDays(7),
          "How long the runbook engine remembers that a rule fired for an incident, counted from"
              + " the last version of the incident it saw (wall-clock time). A version arriving"
              + " after that would fire the rule again; keep it longer than incidents stay open.");

  public static final ConfigOption<Duration> NOTIFIED_PURGE_INTERVAL =
      ConfigOption.millis(
          PREFIX + "notified.purge.interval.ms",
          Duration.ofMinutes(10),
          "How often the runbook engine drops remembered incidents older than notified.ttl.ms.");

  public static final ConfigOption<String> RUNBOOK_FILE =
      ConfigOption.string(
          PREFIX + "runbook.file",
          "",
          "Path of a runbook YAML file: rules that match incidents (labels, severity, services,"
              + " root cause, status, age) and their ordered steps (webhook, slack, pagerduty,"
              + " jira, http). Empty: only the built-in rule of webhook.url.");

  public static final ConfigOption<Duration> RUNBOOK_TICK =
      ConfigOption.millis(
          PREFIX + "runbook.tick.ms",
          Duration.ofSeconds(1),
          "How often the runbook engine checks verification times and approval expiries (wall"
              + " clock).");

  public static final ConfigOption<Duration> GUARD_COOLDOWN =
      ConfigOption.millis(
          PREFIX + "guard.cooldown.ms",
          Duration.ofMinutes(30),
          "Least time between two runs of the same step (by name) for the same incident, unless"
              + " the step sets its own cooldown; a run within it is REFUSED. 0 disables.");

  public static final ConfigOption<Integer> GUARD_BUDGET =
      ConfigOption.integer(
          PREFIX + "guard.budget.per.service.hour",
          5,
          "Most automatic runbook steps (kind http, or automatic: true) per service (the"
              + " incident's top root cause, else its first service) in any 60 minutes (a sliding"
              + " window, not clock hours); further ones are REFUSED. 0 sets no limit.");

  public static final ConfigOption<Integer> GUARD_BREAKER =
      ConfigOption.integer(
          PREFIX + "guard.breaker.open.incidents",
          20,
          "Circuit breaker: while at least this many incidents are open and unmuted at once,"
              + " automatic runbook steps are REFUSED (notifications still go out) and the log"
              + " says so. 0 disables the breaker.");

  public static final ConfigOption<Duration> APPROVAL_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "approval.timeout.ms",
          Duration.ofMinutes(30),
          "How long a runbook step with approval: true waits for quell actions approve|reject"
              + " (or POST /actions/<id>/approve|reject); then it is EXPIRED and the next step"
              + " runs.");

  public static final ConfigOption<String> ALLOWED_HOSTS =
      ConfigOption.string(
          PREFIX + "dispatch.allowed.hosts",
          "",
          "Comma-separated hosts (host or host:port) the dispatcher may send requests to; any"
              + " other destination is REFUSED. Empty: only the host of webhook.url.");

  public static final ConfigOption<String> DISPATCH_AUTHORIZATION =
      ConfigOption.string(
          PREFIX + "dispatch.authorization",
          "",
          "Authorization headers the dispatcher adds per destination host, as host=value pairs"
              + " separated by ';' (for example jira.example.org=Basic dXNlcjp0b2tlbg==;"
              + "k8s.example.org:6443=Bearer eyJ...). Credentials never travel in quell.actions.");

  public static final ConfigOption<Duration> DISPATCH_CONNECT_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "dispatch.connect.timeout.ms",
          Duration.ofSeconds(5),
          "How long the dispatcher waits for a TCP connection to a receiver.");

  public static final ConfigOption<Duration> DISPATCH_REQUEST_TIMEOUT =
      ConfigOption.millis(
          PREFIX + "dispatch.request.timeout.ms",
          Duration.ofSeconds(10),
          "How long the dispatcher waits for the response to one request.");

  public static final ConfigOption<Duration> DISPATCH_RETRY_DEADLINE =
      ConfigOption.millis(
          PREFIX + "dispatch.retry.deadline.ms",
          Duration.ofSeconds(60),
          "Time budget of all attempts of one action, from the first request on. No attempt"
              + " starts after it.");

  public static final ConfigOption<Duration> DISPATCH_INITIAL_BACKOFF =
      ConfigOption.millis(
          PREFIX + "dispatch.retry.initial.backoff.ms",
          Duration.ofMillis(500),
          "Wait before the second attempt; it doubles for every further attempt, with 50 %"
              + " random jitter.");

  public static final ConfigOption<Duration> DISPATCH_MAX_BACKOFF =
      ConfigOption.millis(
          PREFIX + "dispatch.retry.max.backoff.ms",
          Duration.ofSeconds(10),
          "Longest wait between two attempts of one action.");

  public static final ConfigOption<String> INDEX_PREFIX =
      ConfigOption.string(
          PREFIX + "elasticsearch.index.prefix",
          "quell-",
          "Put in front of every Elasticsearch name: the incidents index <prefix>incidents, the"
              + " timeline data stream <prefix>incident-timeline, the actions index"
              + " <prefix>actions, their templates and the timeline's lifecycle policy.");

  public static final ConfigOption<Boolean> ACTION_INDEXER_ENABLED =
      ConfigOption.bool(
          PREFIX + "action.indexer.enabled",
          true,
          "Whether this instance runs the action indexer (quell.actions and"
              + " quell.action-results to the actions index in Elasticsearch), while"
              + " indexer.enabled is true too.");

  public static final ConfigOption<Duration> TIMELINE_RETENTION =
      ConfigOption.millis(
          PREFIX + "index.timeline.retention.ms",
          Duration.ofDays(30),
          "How long the incident timeline keeps a version: the delete phase of its lifecycle"
              + " policy (where the cluster has ILM), counted from the rollover of its backing"
              + " index.");

  public static final ConfigOption<Integer> INDEX_BATCH_SIZE =
      ConfigOption.integer(
          PREFIX + "index.batch.size",
          500,
          "Most incident versions the indexer sends to Elasticsearch in one bulk request.");

  public static final ConfigOption<Duration> INDEX_MAX_BACKOFF =
      ConfigOption.millis(
          PREFIX + "index.retry.max.backoff.ms",
          Duration.ofSeconds(30),
          "Longest pause of the indexer while Elasticsearch is unreachable or overloaded; the"
              + " pause starts at 250 ms and doubles.");

  public static final ConfigOption<Integer> METRICS_PORT =
      ConfigOption.integer(
          PREFIX + "metrics.port",
          9466,
          "Port of the HTTP server with /metrics (Prometheus) and /healthz; 0 picks a free one.");

  public static final ConfigOption<String> METRICS_HOST =
      ConfigOption.string(
          PREFIX + "metrics.host", "0.0.0.0", "Address the metrics and health server binds to.");

  private static final List<ConfigOption<?>> ALL =
      List.of(
          BOOTSTRAP_SERVERS,
          ELASTICSEARCH_URL,
          APPLICATION_ID,
          STATE_DIR,
          STREAM_THREADS,
          RUNBOOK_ENABLED,
          DISPATCHER_ENABLED,
          INDEXER_ENABLED,
          WEBHOOK_URL,
          WEBHOOK_SECRET,
          WEBHOOK_MAX_ATTEMPTS,
          WEBHOOK_DRY_RUN,
          ACTION_DEADLINE,
          NOTIFIED_TTL,
          NOTIFIED_PURGE_INTERVAL,
          RUNBOOK_FILE,
          RUNBOOK_TICK,
          GUARD_COOLDOWN,
          GUARD_BUDGET,
          GUARD_BREAKER,
          APPROVAL_TIMEOUT,
          ALLOWED_HOSTS,
          DISPATCH_AUTHORIZATION,
          DISPATCH_CONNECT_TIMEOUT,
          DISPATCH_REQUEST_TIMEOUT,
          DISPATCH_RETRY_DEADLINE,
          DISPATCH_INITIAL_BACKOFF,
          DISPATCH_MAX_BACKOFF,
          INDEX_PREFIX,
          ACTION_INDEXER_ENABLED,
          TIMELINE_RETENTION,
          INDEX_BATCH_SIZE,
          INDEX_MAX_BACKOFF,
          METRICS_PORT,
          METRICS_HOST);

  // Kafka client settings that are passed through as they are, so that a deployment can reach a
  // secured cluster without remediate knowing every security option.
  private static final List<String> KAFKA_PASSTHROUGH_PREFIXES =
      List.of("security.", "sasl.", "ssl.", "client.dns.lookup");

  private RemediateOptions() {}

  /**
   * Every setting of remediate, in the order of the configuration reference (the schema registry
   * settings are those of {@code io.quell.schemas.registry.SchemaRegistryOptions}, the topic
   * settings those of {@code io.quell.schemas.topic.Topics}).
   */
  public static List<ConfigOption<?>> all() {
    return ALL;
  }

  /**
   * The settings every Kafka client of remediate needs: {@code bootstrap.servers} and the security
   * settings ({@code security.*}, {@code sasl.*}, {@code ssl.*}) as given.
   *
   * @throws IllegalArgumentException when {@code bootstrap.servers} is missing
   */
  public static Map<String, Object> kafkaConnection(Map<String, ?> config) {
    String servers = BOOTSTRAP_SERVERS.read(config);
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(
          "Setting '" + BOOTSTRAP_SERVERS.key() + "' is required: the Kafka bootstrap servers");
    }
    Map<String, Object> kafka = new LinkedHashMap<>();
    kafka.put(BOOTSTRAP_SERVERS.key(), servers);
    config.forEach(
        (key, value) -> {
          if (value != null && KAFKA_PASSTHROUGH_PREFIXES.stream().anyMatch(key::startsWith)) {
            kafka.put(key, value);
          }
        });
    return kafka;
  }

  /** The name of the incidents index: {@code <prefix>incidents}. */
  public static String incidentsIndex(Map<String, ?> config) {
    return INDEX_PREFIX.read(config).strip() + "incidents";
  }

  /**
   * The webhook URL of the built-in rule, or null when the rule is disabled.
   *
   * @throws IllegalArgumentException when it is not an absolute http or https URL
   */
  public static URI webhookUrl(Map<String, ?> config) {
    String text = WEBHOOK_URL.read(config);
    if (text == null || text.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting '" + WEBHOOK_URL.key() + "' is not a URL: '" + text + "'", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Setting '"
              + WEBHOOK_URL.key()
              + "' must be an http or https URL, but is '"
              + text
              + "'");
    }
    return uri;
  }

  /** The runbook guards the settings describe. */
  public static RunbookEngine.Guards guards(Map<String, ?> config) {
    return new RunbookEngine.Guards(
        GUARD_COOLDOWN.read(config),
        Math.max(0, GUARD_BUDGET.read(config)),
        Math.max(0, GUARD_BREAKER.read(config)),
        APPROVAL_TIMEOUT.read(config));
  }

  /**
   * The Authorization header per host (host or host:port, lower case).
   *
   * @throws IllegalArgumentException when an entry is not host=value
   */
  public static Map<String, String> authorizations(Map<String, ?> config) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String entry : DISPATCH_AUTHORIZATION.read(config).split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new IllegalArgumentException(
            "Setting '"
                + DISPATCH_AUTHORIZATION.key()
                + "' must hold host=value pairs separated by ';'");
      }
      headers.put(
          entry.substring(0, eq).strip().toLowerCase(Locale.ROOT), entry.substring(eq + 1).strip());
    }
    return Map.copyOf(headers);
  }

  /**
   * The hosts the dispatcher may send to: the configured list, or the host of the webhook URL when
   * the list is empty.
   */
  public static List<String> allowedHosts(Map<String, ?> config) {
    List<String> hosts = new ArrayList<>();
    for (String entry : ALLOWED_HOSTS.read(config).split(",")) {
      if (!entry.isBlank()) {
        hosts.add(entry.strip());
      }
    }
    if (hosts.isEmpty()) {
      URI webhook = webhookUrl(config);
      if (webhook != null) {
        hosts.add(webhook.getHost());
      }
    }
    return List.copyOf(hosts);
  }
}
