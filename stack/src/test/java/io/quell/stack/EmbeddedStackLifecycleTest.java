/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Start, stop and restart of a private stack (not the shared fixture). */
class EmbeddedStackLifecycleTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SCHEMA =
      "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\","
          + "\\\"fields\\\":[{\\\"name\\\":\\\"a\\\",\\\"type\\\":\\\"string\\\"}]}\"}";

  private static Path freshDir(String name) throws IOException {
    Path dir = Path.of("target", "lifecycle-" + name);
    QuellStackExtension.deleteRecursively(dir);
    return dir;
  }

  @Test
  void shouldKeepTopicsSchemasAndIndicesWhenRestartedOnTheSameDirectory() throws Exception {
    Path dir = freshDir("restart");
    StackOptions options = StackOptions.forTests(dir);
    List<Long> childPids;
    int subjectId;
    try (EmbeddedStack stack =
        EmbeddedStack.start(options, List.of(new TopicSpec("lifecycle.events", 2, false)))) {
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(props(stack), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("lifecycle.events", "k", "kept")).get();
      }
      HttpResponse<String> registered =
          send(
              "POST",
              stack.schemaRegistryUrl() + "/subjects/lifecycle-value/versions",
              SCHEMA,
              "application/vnd.schemaregistry.v1+json");
      assertThat(registered.statusCode()).isEqualTo(200);
      subjectId = Integer.parseInt(registered.body().replaceAll("\\D", ""));
      HttpResponse<String> indexed =
          send(
              "PUT",
              stack.elasticsearchUrl() + "/lifecycle/_doc/1?refresh=true",
              "{\"note\":\"kept\"}",
              "application/json");
      assertThat(indexed.statusCode()).isBetween(200, 201);
      childPids = stack.state().childPids();
      assertThat(StackState.read(dir.toAbsolutePath())).isPresent();
    }

    assertThat(childPids).hasSize(2).allSatisfy(pid -> assertThat(isAlive(pid)).isFalse());
    assertThat(StackState.read(dir.toAbsolutePath())).isEmpty();

    try (EmbeddedStack stack = EmbeddedStack.start(options, List.of())) {
      assertThat(readAll(stack, "lifecycle.events")).containsExactly("kept");
      HttpResponse<String> schema =
          send("GET", stack.schemaRegistryUrl() + "/schemas/ids/" + subjectId, null, null);
      assertThat(schema.statusCode()).isEqualTo(200);
      assertThat(schema.body()).contains("Probe");
      HttpResponse<String> doc =
          send("GET", stack.elasticsearchUrl() + "/lifecycle/_doc/1", null, null);
      assertThat(doc.statusCode()).isEqualTo(200);
      assertThat(doc.body()).contains("\"note\":\"kept\"");
    }
  }

  @Test
  void shouldRefuseASecondStackOnTheSameDirectory() throws Exception {
    Path dir = freshDir("lock");
    StackOptions options =
        StackOptions.forTests(dir).withServices(java.util.EnumSet.of(StackOptions.Service.KAFKA));
    try (EmbeddedStack first = EmbeddedStack.start(options, List.of())) {
      assertThat(StackState.isLocked(dir.toAbsolutePath())).isTrue();
      assertThatThrownBy(() -> EmbeddedStack.start(options, List.of()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already running");
    }
    assertThat(StackState.isLocked(dir.toAbsolutePath())).isFalse();
  }

  @Test
  void shouldStopItsServersWhenTheLaunchingJvmIsKilled() throws Exception {
    Path dir = freshDir("kill").toAbsolutePath();
    Files.createDirectories(dir);
    Path out = dir.resolve("launcher.out");
    Process launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Dquell.distributions=" + Distributions.locate(null).root(),
                StackProcessMain.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> Files.exists(out) && Files.readString(out).contains("READY"));
      StackState state = StackState.read(dir).orElseThrow();
      assertThat(state.pid()).isEqualTo(launcher.pid());
      long registryPid = state.childPids().get(0);
      assertThat(isAlive(registryPid)).isTrue();

      launcher.destroyForcibly().waitFor();

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(isAlive(registryPid)).isFalse());
      assertThat(StackState.read(dir)).as("a dead stack must not read as running").isEmpty();
    } finally {
      launcher.destroyForcibly();
    }
  }

  @Test
  void shouldRunElasticsearchAsNobodyWhenTheDataDirectoryIsHiddenFromNobody() throws Exception {
    assumeTrue(EmbeddedElasticsearch.isRoot(), "only root hands Elasticsearch to user nobody");
    Path hidden = Path.of("target", "lifecycle-hidden").toAbsolutePath();
    QuellStackExtension.deleteRecursively(hidden);
    Files.createDirectories(hidden);
    Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));
    StackOptions options =
        StackOptions.forTests(hidden.resolve("stack"))
            .withServices(java.util.EnumSet.of(StackOptions.Service.ELASTICSEARCH));
    try (EmbeddedStack stack = EmbeddedStack.start(options, List.of())) {
      HttpResponse<String> health =
          send("GET", stack.elasticsearchUrl() + "/_cluster/health", null, null);
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(Files.isSymbolicLink(hidden.resolve("stack/elasticsearch"))).isTrue();
    }
  }

  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Properties props(QuellStack stack) {
    Properties p = new Properties();
    p.putAll(stack.kafkaClientProperties());
    return p;
  }

  private static List<String> readAll(QuellStack stack, String topic) {
    Properties p = props(stack);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "lifecycle-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (values.isEmpty() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          values.add(r.value());
        }
      }
    }
    return values;
  }

  private static HttpResponse<String> send(String method, String url, String body, String type)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
