/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.ingest.publish.RecordingPublisher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random, malformed and hostile bodies against both intake endpoints: the intake always answers
 * with a 2xx or 4xx JSON body, never a 5xx, and keeps running. Published values go through the real
 * Avro serializer (over an in-memory registry), so a record the intake accepts but Kafka's
 * serializer would refuse fails the property too.
 */
class IntakeFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<Integer> EXPECTED_STATUS = Set.of(200, 207, 400, 413, 415);

  private static RecordingPublisher publisher;
  private static IntakeServer server;
  private static URI uri;
  private static HttpClient http;

  @BeforeContainer
  static void startIntake() {
    publisher = new RecordingPublisher();
    server =
        new IntakeServer(
            Map.of("quell.ingest.port", 0, "quell.ingest.max-body-bytes", 16 * 1024), publisher);
    server.start();
    uri = server.uri();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterContainer
  static void stopIntake() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String contentType, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Property(tries = 400)
  void shouldNeverAnswerWithAServerError(
      @ForAll("endpoints") String path,
      @ForAll("contentTypes") String contentType,
      @ForAll("bodies") byte[] body)
      throws Exception {
    HttpResponse<String> response = post(path, contentType, body);

    assertThat(response.statusCode()).isIn(EXPECTED_STATUS);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.has("accepted") || answer.has("error"))
        .as("answer %s", response.body())
        .isTrue();
  }

  @Property(tries = 300)
  void shouldAccountForEveryRecordOfAnArray(
      @ForAll("endpoints") String path, @ForAll("recordLists") List<JsonNode> records)
      throws Exception {
    ArrayNode array = NODES.arrayNode().addAll(records);
    int publishedBefore = publisher.published().size();

    HttpResponse<String> response = post(path, "application/json", JSON.writeValueAsBytes(array));

    JsonNode answer = JSON.readTree(response.body());
    if (records.isEmpty()) {
      assertThat(response.statusCode()).isEqualTo(400);
      return;
    }
    int accepted = answer.path("accepted").asInt();
    int rejected = answer.path("rejectedCount").asInt(0);
    assertThat(accepted + rejected).isEqualTo(records.size());
    assertThat(response.statusCode()).isEqualTo(rejected == 0 ? 200 : accepted == 0 ? 400 : 207);
    assertThat(publisher.published().size() - publishedBefore).isEqualTo(accepted);
    for (JsonNode rejection : answer.path("rejected")) {
      assertThat(rejection.path("index").asInt()).isBetween(0, records.size() - 1);
      assertThat(rejection.path("error").asText()).isNotBlank();
    }
  }

  /** Random bytes, also snappy- or gzip-wrapped, at the binary endpoints: never a 5xx. */
  @Property(tries = 300)
  void shouldNeverAnswerABinaryBodyWithAServerError(
      @ForAll("binaryEndpoints") String path,
      @ForAll("bodies") byte[] raw,
      @ForAll("wrappings") String wrapping)
      throws Exception {
    boolean remoteWrite = path.contains("prometheus");
    byte[] body =
        switch (wrapping) {
          case "snappy" -> org.xerial.snappy.Snappy.compress(raw);
          case "gzip" -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
              gzip.write(raw);
            }
            yield out.toByteArray();
          }
          default -> raw;
        };
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header(
                "Content-Type",
                remoteWrite
                    ? "application/x-protobuf"
                    : wrapping.equals("none") ? "application/json" : "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (!wrapping.equals("none")) {
      request.header("Content-Encoding", wrapping);
    }

    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isIn(EXPECTED_STATUS);
  }

  /**
   * Valid Alertmanager and OTLP/JSON bodies with some of their values replaced by values of any
   * type, or removed: the decoders get deep into the structure before meeting the damage. Never a
   * 5xx, and every answer is JSON.
   */
  @Property(tries = 400)
  void shouldNeverAnswerADamagedStructuredBodyWithAServerError(
      @ForAll("structuredEndpoints") String path,
      @ForAll("mutations") List<Map.Entry<Integer, JsonNode>> mutations)
      throws Exception {
    JsonNode body = JSON.readTree(VALID_BODIES.get(path));
    List<JsonNode> containers = new java.util.ArrayList<>();
    collectContainers(body, containers);
    for (Map.Entry<Integer, JsonNode> mutation : mutations) {
      mutate(containers.get(mutation.getKey() % containers.size()), mutation);
    }

    HttpResponse<String> response = post(path, "application/json", JSON.writeValueAsBytes(body));

    // Shown in the report: how many damaged bodies were still taken in whole or in part.
    net.jqwik.api.statistics.Statistics.collect(path, response.statusCode());
    assertThat(response.statusCode()).as(response.body()).isIn(EXPECTED_STATUS);
    assertThat(JSON.readTree(response.body()).isObject()).isTrue();
  }

  /** A valid body per structured endpoint, as its usual sender writes it. */
  private static final Map<String, String> VALID_BODIES =
      Map.of(
          "/api/v1/alertmanager",
          """
          {"version":"4","groupKey":"{}:{alertname=Lat}","truncatedAlerts":0,"status":"firing",
           "receiver":"quell","groupLabels":{"alertname":"Lat"},"commonLabels":{"alertname":"Lat"},
           "commonAnnotations":{},"externalURL":"http://am:9093",
           "alerts":[{"status":"firing","labels":{"alertname":"Lat","service":"cart","severity":"critical"},
             "annotations":{"summary":"slow"},"startsAt":"2026-03-01T08:00:00Z",
             "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p/graph","fingerprint":"0123456789abcdef"}]}
          """,
          "/v1/logs",
          """
          {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
            "scopeLogs":[{"scope":{"name":"s"},"logRecords":[{"timeUnixNano":"1772352000000000000",
              "severityNumber":17,"severityText":"ERROR","body":{"stringValue":"boom"},
              "attributes":[{"key":"k","value":{"intValue":"3"}}],"traceId":"5b8efff798038103d269b633813fc60c",
              "spanId":"eee19b7ec3c1b174"}]}]}]}
          """,
          "/v1/metrics",
          """
          {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},
            "scopeMetrics":[{"metrics":[{"name":"http.requests","gauge":{"dataPoints":[{"asDouble":1.5,
              "timeUnixNano":"1772352000000000000","attributes":[{"key":"code","value":{"stringValue":"200"}}]}]}},
              {"name":"latency","histogram":{"dataPoints":[{"count":"3","sum":1.2,"bucketCounts":["1","2"],
              "explicitBounds":[0.5],"timeUnixNano":"1772352000000000000"}]}}]}]}]}
          """);

  private static void collectContainers(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      node.elements().forEachRemaining(child -> collectContainers(child, out));
    }
  }

  /** Replaces (or, for a null replacement of an object field, removes) one child of a container. */
  private static void mutate(JsonNode container, Map.Entry<Integer, JsonNode> mutation) {
    if (container.size() == 0) {
      return;
    }
    int index = Math.floorMod(mutation.getKey() / 7, container.size());
    if (container instanceof ObjectNode object) {
      List<String> fields = new java.util.ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      String field = fields.get(index);
      if (mutation.getValue().isNull() && mutation.getKey() % 2 == 0) {
        object.remove(field);
      } else {
        object.set(field, mutation.getValue());
      }
    } else if (container instanceof ArrayNode array) {
      array.set(index, mutation.getValue());
    }
  }

  @Provide
  Arbitrary<String> structuredEndpoints() {
    return Arbitraries.of(VALID_BODIES.keySet());
  }

  @Provide
  Arbitrary<List<Map.Entry<Integer, JsonNode>>> mutations() {
    Arbitrary<JsonNode> values =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, scalar()),
            net.jqwik.api.Tuple.of(3, plausible()),
            net.jqwik.api.Tuple.of(2, container()));
    return Combinators.combine(Arbitraries.integers().between(0, 10_000), values)
        .as(Map::entry)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> binaryEndpoints() {
    return Arbitraries.of("/api/v1/prometheus/write", "/v1/logs", "/v1/metrics");
  }

  @Provide
  Arbitrary<String> wrappings() {
    return Arbitraries.of("none", "snappy", "gzip");
  }

  @Provide
  Arbitrary<String> endpoints() {
    return Arbitraries.of("/api/v1/logs", "/api/v1/metrics");
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, Arbitraries.just("application/json")),
        net.jqwik.api.Tuple.of(4, Arbitraries.just("application/x-ndjson")),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "text/plain", "application/json; charset=latin1", "application/xml", "*/*")));
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
    Arbitrary<byte[]> text =
        Arbitraries.strings().ofMaxLength(400).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> oneRecord = record().map(IntakeFuzzTest::bytes);
    Arbitrary<byte[]> array = recordLists().map(list -> bytes(NODES.arrayNode().addAll(list)));
    Arbitrary<byte[]> ndjson =
        recordLists()
            .map(
                list ->
                    list.stream()
                        .map(node -> new String(bytes(node), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("\n"))
                        .getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> damaged =
        Combinators.combine(array, Arbitraries.integers().between(0, 10_000), Arbitraries.chars())
            .as(IntakeFuzzTest::damage);
    Arbitrary<byte[]> huge =
        Arbitraries.integers()
            .between(16 * 1024 + 1, 40 * 1024)
            .map(size -> ("[" + "{}, ".repeat(size / 4) + "{}]").getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> deep =
        Arbitraries.integers().between(50, 3000).map(depth -> "[".repeat(depth).getBytes());
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(2, bytes),
        net.jqwik.api.Tuple.of(2, text),
        net.jqwik.api.Tuple.of(2, oneRecord),
        net.jqwik.api.Tuple.of(4, array),
        net.jqwik.api.Tuple.of(3, ndjson),
        net.jqwik.api.Tuple.of(4, damaged),
        net.jqwik.api.Tuple.of(1, huge),
        net.jqwik.api.Tuple.of(1, deep));
  }

  private static byte[] damage(byte[] body, int position, char replacement) {
    if (body.length == 0) {
      return body;
    }
    byte[] damaged = body.clone();
    damaged[position % body.length] = (byte) replacement;
    return damaged;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<List<JsonNode>> recordLists() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, record()), net.jqwik.api.Tuple.of(1, scalar()))
        .list()
        .ofMaxSize(12);
  }

  /** Objects with the fields of logs and metrics (and others), holding values of any type. */
  private Arbitrary<JsonNode> record() {
    Arbitrary<String> keys =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(
                10,
                Arbitraries.of(
                    "timestamp",
                    "service",
                    "host",
                    "level",
                    "message",
                    "attributes",
                    "name",
                    "labels",
                    "value")),
            net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
    Arbitrary<JsonNode> values =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, plausible()),
            net.jqwik.api.Tuple.of(3, scalar()),
            net.jqwik.api.Tuple.of(1, container()));
    return Arbitraries.maps(keys, values)
        .ofMaxSize(9)
        .map(
            fields -> {
              ObjectNode node = NODES.objectNode();
              fields.forEach(node::set);
              return node;
            });
  }

  /** Values that are valid for some field, so that many records get far or all the way. */
  private Arbitrary<JsonNode> plausible() {
    return Arbitraries.oneOf(
        Arbitraries.of(
                "2026-03-01T08:00:00Z",
                "2026-03-01T09:00:00.5+01:00",
                "1772352000000",
                "checkout",
                "http_requests_total",
                "info",
                "WARN",
                "error",
                "bad-name",
                "")
            .map(NODES::textNode),
        Arbitraries.longs()
            .between(-10, JsonFieldsLimits.MAX_EPOCH_MILLIS + 10)
            .map(NODES::numberNode),
        Arbitraries.doubles().map(NODES::numberNode),
        Arbitraries.maps(
                Arbitraries.of("service", "code", "a-b", "__name__", "env"),
                Arbitraries.of("cart", "", "500").map(s -> (JsonNode) NODES.textNode(s)))
            .ofMaxSize(3)
            .map(
                map -> {
                  ObjectNode node = NODES.objectNode();
                  map.forEach(node::set);
                  return node;
                }));
  }

  private Arbitrary<JsonNode> scalar() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(s -> (JsonNode) NODES.textNode(s)),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.bigIntegers()
            .between(java.math.BigInteger.TEN.pow(30).negate(), java.math.BigInteger.TEN.pow(30))
            .map(NODES::numberNode),
        Arbitraries.bigDecimals()
            .between(new java.math.BigDecimal("-1e20"), new java.math.BigDecimal("1e20"))
            .map(NODES::numberNode),
        Arbitraries.of(true, false).map(NODES::booleanNode),
        Arbitraries.just(NODES.nullNode()));
  }

  private Arbitrary<JsonNode> container() {
    return Arbitraries.oneOf(
        scalar().list().ofMaxSize(3).map(list -> (JsonNode) NODES.arrayNode().addAll(list)),
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalar())
            .ofMaxSize(3)
            .map(
                map -> {
                  ObjectNode node = NODES.objectNode();
                  map.forEach(node::set);
                  return node;
                }));
  }

  /** The latest timestamp the intake accepts, to aim values at both sides of it. */
  private static final class JsonFieldsLimits {
    static final long MAX_EPOCH_MILLIS = 253402300799999L;
  }
}
