/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.correlate.CorrelateOptions;
import io.quell.correlate.core.AlertTimes;
import io.quell.correlate.core.InMemoryTopology;
import io.quell.correlate.eval.OfflineCorrelation;
import io.quell.deploy.demo.WebhookReceiver;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.config.ConfigOption;
import io.quell.stack.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.Schema;

/**
 * Feeds one alert stream to Quell's correlator core and to a real Alertmanager (a child process on
 * a free loopback port, with a generated configuration and a local recording webhook receiver),
 * both configured alike: groups wait {@code group_wait} before their first notification, the same
 * inhibition rule (a critical alert mutes the warnings of its service), and reports what each
 * notified and how fast each took the alerts.
 *
 * <p>Alertmanager runs on the wall clock, so the stream is replayed {@code speed} times faster than
 * its event time, and Alertmanager's group_wait, group_interval and repeat_interval are divided by
 * the same factor. Quell's core runs offline in event time ({@link OfflineCorrelation}). Grouping
 * cannot be made identical: Alertmanager groups by labels ({@code group_by: [service]}, its usual
 * setting), Quell by service, topology and shared labels; that difference is what is measured.
 */
public final class AlertmanagerComparison {

  /** Where Debian's package puts the binary. */
  public static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus-alertmanager");

  /** The inhibition rule both sides use. */
  static final String INHIBIT_RULES =
      """
      - name: critical-mutes-warnings
        source: ['severity="critical"']
        target: ['severity="warning"']
        equal: [service]
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Batches of alerts per POST when measuring Alertmanager's intake rate. */
  private static final int RATE_BATCH = 100;

  /**
   * One side's result.
   *
   * @param notifications notifications sent (Quell: incident versions that notify, see {@link
   *     #notifies}; Alertmanager: webhook calls)
   * @param groups distinct incidents (Quell) or alert groups notified (Alertmanager)
   * @param alertsPerSecond alert records taken per second of wall time
   */
  public record Side(String name, int notifications, int groups, double alertsPerSecond) {}

  /** Both sides on one stream. */
  public record Result(String scenario, int alertRecords, Side quell, Side alertmanager) {}

  private final Path binary;
  private final double speed;
  private final Path workDir;
  private final Consumer<String> progress;

  /**
   * @param speed how many times faster than event time the stream is replayed to Alertmanager
   * @param workDir where Alertmanager's configuration, storage and log go
   */
  public AlertmanagerComparison(
      Path binary, double speed, Path workDir, Consumer<String> progress) {
    this.binary = binary;
    this.speed = speed;
    this.workDir = workDir;
    this.progress = progress;
  }

  /** The settings of both sides, with the inhibition rule added. */
  static Map<String, String> withInhibitionRule(Map<String, String> config) {
    Map<String, String> settings = new LinkedHashMap<>(config);
    settings.putIfAbsent(CorrelateOptions.INHIBIT_RULES.key(), INHIBIT_RULES);
    return settings;
  }

  /**
   * Compares on {@code alerts} (firing and resolved records, any order).
   *
   * @param config the settings (see {@link #withInhibitionRule}): Quell's correlate settings, and
   *     the intervals Alertmanager gets
   */
  public Result compare(
      String scenario, List<Alert> alerts, List<TopologyEdge> edges, Map<String, String> config)
      throws Exception {
    CorrelateOptions options = CorrelateOptions.fromMap(config);
    List<Alert> stream = new ArrayList<>(alerts);
    stream.sort(Comparator.comparingLong(AlertTimes::eventTime));
    Side quell = quell(stream, edges, options);
    progress.accept(
        String.format(
            "quell: %d notifications, %d incidents, %.0f alerts/s",
            quell.notifications(), quell.groups(), quell.alertsPerSecond()));
    Side alertmanager =
        alertmanager(
            stream,
            options.settings().groupWait(),
            interval(config, "group-interval.ms", DEFAULT_GROUP_INTERVAL),
            interval(config, "repeat-interval.ms", DEFAULT_REPEAT_INTERVAL));
    return new Result(scenario, stream.size(), quell, alertmanager);
  }

  private static Side quell(
      List<Alert> stream, List<TopologyEdge> edges, CorrelateOptions options) {
    InMemoryTopology topology = new InMemoryTopology();
    edges.forEach(topology::put);
    OfflineCorrelation correlation = new OfflineCorrelation(options, topology, List.of());
    // One warm-up play, so that the rate is not the JIT's.
    correlation.play(stream, null);
    OfflineCorrelation.Result play = correlation.play(stream, null);
    int notifications = (int) play.versions().stream().filter(v -> notifies(v.incident())).count();
    return new Side(
        "quell", notifications, (int) play.survivingIncidents(), play.alertsPerSecond());
  }

  /**
   * Whether a version notifies: not muted as a whole, and, when the schema has the field, marked
   * {@code notify} (the correlator's notification cadence).
   */
  static boolean notifies(Incident incident) {
    if (incident.getSuppression() != null) {
      return false;
    }
    Schema.Field notify = incident.getSchema().getField("notify");
    return notify == null || Boolean.TRUE.equals(incident.get(notify.pos()));
  }

  /**
   * A correlate interval setting ({@code quell.correlate.<name>}) when this correlator has it, else
   * {@code fallback} (Alertmanager's default).
   */
  static Duration interval(Map<String, String> config, String name, Duration fallback) {
    for (ConfigOption<?> option : CorrelateOptions.all()) {
      if (option.key().equals(CorrelateOptions.PREFIX + name) && option.type() == Duration.class) {
        Duration value = (Duration) option.read(config);
        return value.isZero() ? fallback : value;
      }
    }
    return fallback;
  }

  private Side alertmanager(
      List<Alert> stream, Duration groupWait, Duration groupInterval, Duration repeatInterval)
      throws Exception {
    Files.createDirectories(workDir);
    try (WebhookReceiver receiver = new WebhookReceiver(0, (headers, body) -> true)) {
      int port = Ports.free();
      URI base = URI.create("http://127.0.0.1:" + port);
      Path config = workDir.resolve("alertmanager.yml");
      Files.writeString(
          config,
          config(groupWait, groupInterval, repeatInterval, receiver.url() + "/alertmanager"));
      Process process = start(config, port);
      try {
        awaitReady(base, process);
        progress.accept("alertmanager " + base + " ready; replaying at speed " + speed);
        long first = AlertTimes.eventTime(stream.get(0));
        long last = AlertTimes.eventTime(stream.get(stream.size() - 1));
        long wallStart = System.nanoTime();
        for (int i = 0; i < stream.size(); ) {
          long at = AlertTimes.eventTime(stream.get(i));
          List<Alert> batch = new ArrayList<>();
          while (i < stream.size() && AlertTimes.eventTime(stream.get(i)) == at) {
            batch.add(stream.get(i++));
          }
          long dueNanos = wallStart + (long) ((at - first) * 1e6 / speed);
          long wait = dueNanos - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          post(base, batch, Instant.now());
        }
        // Let the last groups flush: their next group_interval, and a margin.
        long settle =
            (long) (Math.max(groupWait.toMillis(), groupInterval.toMillis()) / speed) + 3000;
        progress.accept(
            String.format(
                "replayed %d records (%d s of event time) in %.1f s; waiting %d ms for the last"
                    + " notifications",
                stream.size(),
                (last - first) / 1000,
                (System.nanoTime() - wallStart) / 1e9,
                settle));
        Thread.sleep(settle);
        List<WebhookReceiver.Call> calls = receiver.calls();
        Set<String> groups = new HashSet<>();
        for (WebhookReceiver.Call call : calls) {
          groups.add(JSON.readTree(call.body()).path("groupKey").asText());
        }
        double rate = intakeRate(base, stream);
        return new Side("alertmanager", calls.size(), groups.size(), rate);
      } finally {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }

  /** Alertmanager's defaults, for a correlator without these settings. */
  static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);

  static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);

  /** Alertmanager's configuration, its intervals divided by the speed. */
  String config(
      Duration groupWait, Duration groupInterval, Duration repeatInterval, String webhook) {
    return """
        route:
          receiver: recorder
          group_by: [service]
          group_wait: %s
          group_interval: %s
          repeat_interval: %s
        receivers:
          - name: recorder
            webhook_configs:
              - url: %s
                send_resolved: true
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity="warning"']
            equal: [service]
        """
        .formatted(scaled(groupWait), scaled(groupInterval), scaled(repeatInterval), webhook);
  }

  private String scaled(Duration duration) {
    return Math.max(1, Math.round(duration.toMillis() / speed)) + "ms";
  }

  private Process start(Path config, int port) throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      // Dies with this JVM, even when it is killed.
      command.addAll(List.of("/usr/bin/setpriv", "--pdeathsig=KILL"));
    }
    command.addAll(
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.path=" + workDir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            // One instance: no gossip port.
            "--cluster.listen-address="));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("alertmanager.log").toFile())
        .start();
  }

  private void awaitReady(URI base, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Alertmanager exited: " + Files.readString(workDir.resolve("alertmanager.log")));
      }
      try {
        HttpResponse<Void> ready =
            HTTP.send(
                HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "Alertmanager not ready in 30 s: " + Files.readString(workDir.resolve("alertmanager.log")));
  }

  /**
   * Alertmanager's intake rate: the whole stream posted as fast as it takes it, in batches, with a
   * fresh label so that these alerts are new to it.
   */
  private static double intakeRate(URI base, List<Alert> stream) throws Exception {
    Instant now = Instant.now();
    long began = System.nanoTime();
    for (int from = 0; from < stream.size(); from += RATE_BATCH) {
      List<Alert> batch = stream.subList(from, Math.min(stream.size(), from + RATE_BATCH));
      ArrayNode body = JSON.createArrayNode();
      for (Alert alert : batch) {
        ObjectNode node = toJson(alert, now);
        ((ObjectNode) node.get("labels")).put("run", "rate");
        body.add(node);
      }
      send(base, body);
    }
    return stream.size() * 1e9 / (System.nanoTime() - began);
  }

  private static void post(URI base, List<Alert> batch, Instant now) throws Exception {
    ArrayNode body = JSON.createArrayNode();
    for (Alert alert : batch) {
      body.add(toJson(alert, now));
    }
    send(base, body);
  }

  private static void send(URI base, JsonNode body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(base.resolve("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Alertmanager answered " + response.statusCode() + ": " + response.body());
    }
  }

  /**
   * An alert as Alertmanager's API takes it, on the wall clock: a firing one ends an hour from now
   * (so that its resolve_timeout never resolves it), a resolution ends now.
   */
  static ObjectNode toJson(Alert alert, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode labels = node.putObject("labels");
    alert.getLabels().forEach(labels::put);
    labels.put("alertname", alert.getName());
    if (alert.getService() != null) {
      labels.put("service", alert.getService());
    }
    labels.put("severity", alert.getSeverity().toString().toLowerCase(Locale.ROOT));
    labels.put("fingerprint", alert.getFingerprint());
    Instant time = now.truncatedTo(ChronoUnit.MILLIS);
    boolean resolved = alert.getStatus() == AlertStatus.RESOLVED;
    node.put("startsAt", time.minusMillis(resolved ? 1 : 0).toString());
    node.put("endsAt", (resolved ? time : time.plus(Duration.ofHours(1))).toString());
    return node;
  }
}
