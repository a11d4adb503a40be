/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.deploy.pipeline.LocalPipeline;
import io.quell.ingest.simulator.GroundTruth;
import io.quell.ingest.simulator.HttpEventSink;
import io.quell.ingest.simulator.KafkaEventSink;
import io.quell.ingest.simulator.Scenario;
import io.quell.ingest.simulator.SimulationSummary;
import io.quell.ingest.simulator.Simulator;
import io.quell.ingest.simulator.SimulatorOptions;
import io.quell.remediate.dispatch.WebhookSignature;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One play of the demo scenario through the whole pipeline: a local webhook receiver, the pipeline
 * ({@link LocalPipeline}), the simulator sending through the HTTP intake, a live incident table and
 * a summary. {@code quell demo} runs it on a fresh embedded stack; the end-to-end test runs it on
 * the shared test stack, restarting the remediation service in the middle.
 */
public final class DemoRun {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** After the play, incidents that have not changed for this long count as settled. */
  private static final Duration QUIET = Duration.ofSeconds(15);

  /**
   * How to play.
   *
   * @param seed topology and noise seed
   * @param speed simulated seconds per wall second
   * @param restartAfterFirstWebhook restart the remediation service as soon as the first webhook
   *     arrived, while incidents still change: shows that a restart sends no step twice
   * @param settle how long to wait after the play for incidents to resolve and reach Elasticsearch
   * @param liveTable whether to print the incident table while playing
   */
  public record Options(
      long seed,
      double speed,
      boolean restartAfterFirstWebhook,
      Duration settle,
      boolean liveTable) {
    public static Options defaults() {
      return new Options(42, Scenario.DEMO_SPEED, false, Duration.ofSeconds(60), true);
    }
  }

  /**
   * What came out of a play.
   *
   * @param incidents newest version of every incident
   * @param indexed incident id → version of its Elasticsearch document (missing when not indexed)
   */
  public record Result(
      SimulationSummary simulation,
      List<GroundTruth> groundTruth,
      long alertRecords,
      int alertFingerprints,
      List<Incident> incidents,
      Map<String, Long> indexed,
      List<WebhookReceiver.Call> webhookCalls,
      String incidentsIndex,
      String elasticsearchUrl,
      Duration wallTime) {

    /** Incidents whose services include a fault's root service. */
    public List<Incident> incidentsOf(GroundTruth truth) {
      return incidents.stream().filter(i -> i.getServices().contains(truth.rootService())).toList();
    }

    /** Whether the top root-cause candidate of the fault's incident is the fault's root service. */
    public boolean rootCauseFound(GroundTruth truth) {
      List<Incident> mine = incidentsOf(truth);
      return mine.size() == 1
          && !mine.get(0).getRootCauses().isEmpty()
          && mine.get(0).getRootCauses().get(0).getService().equals(truth.rootService());
    }
  }

  private DemoRun() {}

  /**
   * Plays the demo scenario through a new {@link LocalPipeline} built on {@code connection} (the
   * connection and topic settings of a running stack).
   */
  public static Result play(
      Map<String, ?> connection, Path workDir, Options options, PrintWriter out) throws Exception {
    long t0 = System.nanoTime();
    String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    WebhookSignature signature = new WebhookSignature(secret);
    try (WebhookReceiver receiver =
        new WebhookReceiver(
            0,
            (headers, body) ->
                signature.verify(
                        headers.get("x-quell-timestamp"),
                        headers.get("x-quell-signature"),
                        body,
                        Instant.now())
                    == WebhookSignature.Verification.VALID)) {
      Map<String, Object> config = new HashMap<>(connection);
      config.putIfAbsent("quell.ingest.port", "0");
      config.putIfAbsent("quell.remediate.metrics.port", "0");
      config.put("quell.remediate.webhook.url", receiver.url() + "/quell/incidents");
      config.put("quell.remediate.webhook.secret", secret);
      config.putIfAbsent("quell.remediate.dispatch.allowed.hosts", "127.0.0.1");
      // The demo plays time 30 times faster than real: the wall-clock waits of the jobs (idle
      // partitions, lateness) shrink with it, or the last minutes would take longer than the play.
      config.putIfAbsent("quell.detect.idleness.ms", "5000");
      config.putIfAbsent("quell.correlate.idleness.ms", "5000");
      config.putIfAbsent("quell.correlate.topology.settle.ms", "1000");
      String esUrl =
          String.valueOf(config.getOrDefault("elasticsearch.url", "http://127.0.0.1:9200"));
      String index =
          config.getOrDefault("quell.remediate.elasticsearch.index.prefix", "quell-") + "incidents";
      Topics topics = Topics.fromConfig(config);
      out.println(
          "Webhook receiver: " + receiver.url() + "/quell/incidents (signed with a fresh secret)");
      out.flush();
      try (LocalPipeline pipeline =
              LocalPipeline.start(
                  config,
                  workDir,
                  line -> {
                    out.println("  " + line);
                    out.flush();
                  });
          IncidentWatcher watcher = new IncidentWatcher(config);
          TopicCounter alerts =
              new TopicCounter(
                  String.valueOf(config.get("bootstrap.servers")),
                  topics.name(QuellTopic.ALERTS))) {
        Scenario scenario = Scenario.demo(options.seed());
        Simulator simulator =
            new Simulator(
                scenario,
                SimulatorOptions.defaults()
                    .withSpeed(options.speed())
                    .withWarmUp(Scenario.DEMO_WARM_UP));
        List<GroundTruth> truths = simulator.groundTruth();
        out.printf(
            "Playing the demo scenario: %d services, %d simulated minutes in about %d s%n",
            scenario.topology().services().size(),
            scenario.length().toMinutes(),
            Math.round(scenario.length().toSeconds() / Math.max(options.speed(), 1)));
        out.printf(
            "  first %d simulated minutes of calm history, played as fast as the intake takes"
                + " them, so that the detectors have learned every series%n",
            Scenario.DEMO_WARM_UP.toMinutes());
        for (GroundTruth t : truths) {
          out.printf(
              "  injected: %s at %s (reaches %d services)%n",
              t.kind(), t.rootService(), t.affectedServices().size());
        }
        out.flush();
        AtomicBoolean restarted = new AtomicBoolean(!options.restartAfterFirstWebhook());
        AtomicInteger lastShown = new AtomicInteger(-1);
        SimulationSummary summary;
        try (HttpEventSink sink =
            new HttpEventSink(pipeline.intakeUri(), new KafkaEventSink(config))) {
          summary =
              simulator.run(
                  sink,
                  p -> {
                    restartAfterFirstWebhook(restarted, receiver, pipeline, out);
                    if (options.liveTable() && p.step() % 9 == 0 && p.step() != lastShown.get()) {
                      lastShown.set(p.step());
                      out.printf(
                          "%n[simulated %s, %d events sent%s]%n",
                          IncidentWatcher.time(p.simulatedTime()),
                          p.events(),
                          p.activeFaults().isEmpty() ? "" : ", fault active");
                      out.print(IncidentWatcher.table(watcher.incidents()));
                    }
                    out.flush();
                  });
        }
        out.println();
        out.println("Scenario played; waiting for incidents to settle…");
        out.flush();
        Map<String, Long> indexed = Map.of();
        Map<String, Long> lastVersions = Map.of();
        long lastChange = System.nanoTime();
        long deadline = System.nanoTime() + options.settle().toNanos();
        while (System.nanoTime() < deadline) {
          List<Incident> now = watcher.incidents();
          Map<String, Long> versions = new HashMap<>();
          now.forEach(i -> versions.put(i.getId(), i.getVersion()));
          if (!versions.equals(lastVersions)) {
            lastVersions = versions;
            lastChange = System.nanoTime();
          }
          indexed = indexedVersions(esUrl, index, now);
          restartAfterFirstWebhook(restarted, receiver, pipeline, out);
          boolean quiet = System.nanoTime() - lastChange > QUIET.toNanos();
          if (restarted.get() && settled(now, indexed, receiver.calls(), quiet)) {
            break;
          }
          Thread.sleep(1000);
        }
        List<Incident> incidents = watcher.incidents();
        indexed = indexedVersions(esUrl, index, incidents);
        if (options.liveTable()) {
          out.print(IncidentWatcher.table(incidents));
          out.flush();
        }
        return new Result(
            summary,
            truths,
            alerts.records(),
            alerts.distinctKeys(),
            incidents,
            indexed,
            receiver.calls(),
            index,
            esUrl,
            Duration.ofNanos(System.nanoTime() - t0));
      }
    }
  }

  private static void restartAfterFirstWebhook(
      AtomicBoolean restarted, WebhookReceiver receiver, LocalPipeline pipeline, PrintWriter out) {
    if (!restarted.get() && !receiver.calls().isEmpty()) {
      restarted.set(true);
      out.println("  restarting the remediation service mid-run (after the first webhook)");
      pipeline.restartRemediation();
    }
  }

  /**
   * Settled: there is an incident, Elasticsearch holds the newest version of each, every critical
   * incident got its webhook, and every incident is resolved or none changed for a while (an alert
   * may keep firing until the quiet period closes it, which the demo does not wait for).
   */
  private static boolean settled(
      List<Incident> incidents,
      Map<String, Long> indexed,
      List<WebhookReceiver.Call> calls,
      boolean quiet) {
    if (incidents.isEmpty()) {
      return false;
    }
    long critical = incidents.stream().filter(i -> i.getSeverity() == Severity.CRITICAL).count();
    Set<String> keys = new java.util.HashSet<>();
    calls.forEach(c -> keys.add(c.idempotencyKey()));
    return incidents.stream()
            .allMatch(
                i ->
                    (i.getStatus() == IncidentStatus.RESOLVED
                            || i.getStatus() == IncidentStatus.CLOSED)
                        && Long.valueOf(i.getVersion()).equals(indexed.get(i.getId())))
        && keys.size() >= critical;
  }

  /** Version of each incident's document in Elasticsearch. */
  static Map<String, Long> indexedVersions(String esUrl, String index, List<Incident> incidents) {
    Map<String, Long> versions = new HashMap<>();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    for (Incident incident : incidents) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(esUrl + "/" + index + "/_doc/" + incident.getId()))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode doc = JSON.readTree(response.body());
          versions.put(incident.getId(), doc.path("_version").asLong());
        }
      } catch (Exception e) {
        // Not there yet, or Elasticsearch busy: the caller polls again.
      }
    }
    return versions;
  }
}
