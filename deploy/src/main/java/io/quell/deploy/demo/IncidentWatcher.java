/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.demo;

import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.registry.SchemaRegistryOptions;
import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows quell.incidents (committed records only) and keeps the newest version of each incident,
 * for the live table of {@code quell demo} and its summary.
 */
public final class IncidentWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IncidentWatcher.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Map<String, Incident> latest = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  public IncidentWatcher(Map<String, ?> config) {
    Topics topics = Topics.fromConfig(config);
    SchemaRegistryOptions registry = SchemaRegistryOptions.fromMap(config);
    Serde<Incident> serde = QuellTopic.INCIDENTS.valueSerde(registry);
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
    props.put(
        ConsumerConfig.GROUP_ID_CONFIG, "quell-demo-watcher-" + ProcessHandle.current().pid());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    KafkaConsumer<String, Incident> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer());
    consumer.subscribe(List.of(topics.name(QuellTopic.INCIDENTS)));
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running.get()) {
                  for (ConsumerRecord<String, Incident> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.value() != null) {
                      latest.merge(
                          r.key(),
                          r.value(),
                          (old, now) -> now.getVersion() >= old.getVersion() ? now : old);
                    }
                  }
                }
              } catch (RuntimeException e) {
                LOG.warn("incident watcher stopped", e);
              }
            },
            "quell-incident-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Newest version of every incident seen so far, oldest first. */
  public List<Incident> incidents() {
    List<Incident> list = new ArrayList<>(latest.values());
    list.sort(Comparator.comparing(Incident::getFirstSeen).thenComparing(Incident::getId));
    return list;
  }

  /** A fixed-width table of the incidents, one line each. */
  public static String table(List<Incident> incidents) {
    StringBuilder out = new StringBuilder();
    if (incidents.isEmpty()) {
      return "  (no incidents yet)\n";
    }
    String format = "%-14s %-9s %-8s %3s %7s %-9s %-22s %s%n";
    out.append(
        String.format(
            format,
            "INCIDENT",
            "STATUS",
            "SEVERITY",
            "VER",
            "ALERTS",
            "FIRST",
            "TOP ROOT CAUSE",
            "SERVICES"));
    for (Incident i : incidents) {
      List<RootCauseCandidate> causes = i.getRootCauses();
      String top =
          causes.isEmpty()
              ? "-"
              : String.format("%s (%.2f)", causes.get(0).getService(), causes.get(0).getScore());
      out.append(
          String.format(
              format,
              shorten(i.getId(), 14),
              i.getStatus(),
              i.getSeverity(),
              i.getVersion(),
              i.getAlerts().size(),
              TIME.format(i.getFirstSeen()),
              shorten(top, 22),
              String.join(",", i.getServices())));
    }
    return out.toString();
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
