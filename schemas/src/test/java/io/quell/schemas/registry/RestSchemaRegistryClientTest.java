/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side of the client against a scripted server: paths, headers, and how every kind of
 * failure is reported. The real registry is exercised by the integration tests.
 */
class RestSchemaRegistryClientTest {

  private static final Schema PROBE =
      SchemaBuilder.record("Probe")
          .namespace("io.quell.test")
          .fields()
          .requiredString("name")
          .endRecord();

  private record Answer(int status, String body, long delayMillis) {}

  private record Seen(String method, String path, String contentType, String auth, String body) {}

  private final Map<String, Answer> script = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private String baseUrl;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String target = exchange.getRequestURI().getRawPath();
          if (exchange.getRequestURI().getRawQuery() != null) {
            target += "?" + exchange.getRequestURI().getRawQuery();
          }
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  target,
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  body));
          Answer answer =
              script.getOrDefault(
                  exchange.getRequestMethod() + " " + target,
                  new Answer(404, "<html>no such page</html>", 0));
          if (answer.delayMillis() > 0) {
            try {
              Thread.sleep(answer.delayMillis());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(answer.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private RestSchemaRegistryClient client() {
    return new RestSchemaRegistryClient(
        SchemaRegistryOptions.of(baseUrl + "/")
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)));
  }

  private void answer(String request, int status, String body) {
    script.put(request, new Answer(status, body, 0));
  }

  @Test
  void shouldRegisterUnderSubjectPathWithSchemaAsCompactJsonString() {
    answer("POST /apis/ccompat/v7/subjects/quell.alerts-value/versions", 200, "{\"id\":7}");

    int id = client().register("quell.alerts-value", PROBE);

    assertThat(id).isEqualTo(7);
    Seen request = seen.get(0);
    assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(request.body()).isEqualTo("{\"schema\":" + quoted(PROBE.toString()) + "}");
  }

  @Test
  void shouldEncodeSubjectInPath() {
    answer("POST /apis/ccompat/v7/subjects/a%20b%2Fc-value", 200, "{\"id\":3,\"version\":1}");

    assertThat(client().idOf("a b/c-value", PROBE)).isEqualTo(3);
  }

  @Test
  void shouldFetchSchemaById() {
    answer(
        "GET /apis/ccompat/v7/schemas/ids/12",
        200,
        "{\"schema\":" + quoted(PROBE.toString()) + ",\"schemaType\":\"AVRO\",\"references\":[]}");

    assertThat(client().schemaById(12)).isEqualTo(PROBE);
  }

  @Test
  void shouldReportIncompatibleRegistrationWithSubjectStatusAndRegistryMessage() {
    answer(
        "POST /apis/ccompat/v7/subjects/quell.alerts-value/versions",
        409,
        "{\"error_code\":409,\"message\":\"Incompatible artifact: quell.alerts-value\"}");

    assertThatThrownBy(() -> client().register("quell.alerts-value", PROBE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.INCOMPATIBLE);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.subject()).isEqualTo("quell.alerts-value");
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
            })
        .hasMessageContaining("subject 'quell.alerts-value'")
        .hasMessageContaining("incompatible")
        .hasMessageContaining("HTTP 409")
        .hasMessageContaining("Incompatible artifact");
  }

  @Test
  void shouldReportUnknownSchemaIdAsNotFoundWithTheId() {
    answer(
        "GET /apis/ccompat/v7/schemas/ids/99",
        404,
        "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

    assertThatThrownBy(() -> client().schemaById(99))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isNotFound()).isTrue();
              assertThat(e.schemaId()).hasValue(99);
              assertThat(e.errorCode()).isEqualTo(40403);
            })
        .hasMessageContaining("schema id 99")
        .hasMessageContaining("error_code 40403");
  }

  @Test
  void shouldNotMistakeWrongBaseUrlForUnknownSchema() {
    // No Confluent error document: a page that does not exist, not an unknown id.
    assertThatThrownBy(() -> client().schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.REJECTED))
        .hasMessageContaining("no such page");
  }

  @Test
  void shouldReportServerErrorAsRetryable() {
    answer("GET /apis/ccompat/v7/subjects", 503, "{\"error_code\":50003,\"message\":\"busy\"}");

    assertThatThrownBy(() -> client().subjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.SERVER_ERROR);
              assertThat(e.isRetryable()).isTrue();
            });
  }

  @Test
  void shouldReportUnreachableRegistryAsRetryableWithTheUrl() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(SchemaRegistryOptions.of("http://127.0.0.1:" + closedPort));

    assertThatThrownBy(() -> client.schemaById(5))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNREACHABLE);
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_STATUS);
              assertThat(e.getCause()).isInstanceOf(IOException.class);
            })
        .hasMessageContaining("127.0.0.1:" + closedPort)
        .hasMessageContaining("schema id 5");
  }

  @Test
  void shouldGiveUpAfterTheRequestTimeout() {
    script.put(
        "GET /apis/ccompat/v7/subjects", new Answer(200, "[]", Duration.ofSeconds(3).toMillis()));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client().subjects())
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldTreatMissingSubjectAsCompatible() {
    answer(
        "POST /apis/ccompat/v7/compatibility/subjects/new-value/versions/latest",
        404,
        "{\"error_code\":40401,\"message\":\"Subject not found\"}");

    assertThat(client().isCompatible("new-value", PROBE)).isTrue();
  }

  @Test
  void shouldReadCompatibilityOfSubjectFallingBackToGlobal() {
    answer(
        "GET /apis/ccompat/v7/config/a-value?defaultToGlobal=true",
        200,
        "{\"compatibilityLevel\":\"FULL\"}");
    answer(
        "GET /apis/ccompat/v7/config/b-value?defaultToGlobal=true",
        404,
        "{\"error_code\":40408,\"message\":\"Subject does not have subject-level config\"}");
    answer("GET /apis/ccompat/v7/config", 200, "{\"compatibilityLevel\":\"BACKWARD\"}");

    assertThat(client().compatibility("a-value")).isEqualTo(CompatibilityLevel.FULL);
    assertThat(client().compatibility("b-value")).isEqualTo(CompatibilityLevel.BACKWARD);
  }

  @Test
  void shouldSetCompatibilityWithPut() {
    answer("PUT /apis/ccompat/v7/config/a-value", 200, "{\"compatibility\":\"NONE\"}");

    client().setCompatibility("a-value", CompatibilityLevel.NONE);

    assertThat(seen.get(0).body()).isEqualTo("{\"compatibility\":\"NONE\"}");
  }

  @Test
  void shouldReadLatestVersionAndVersionList() {
    answer(
        "GET /apis/ccompat/v7/subjects/a-value/versions/latest",
        200,
        "{\"subject\":\"a-value\",\"version\":2,\"id\":9,\"schema\":"
            + quoted(PROBE.toString())
            + "}");
    answer("GET /apis/ccompat/v7/subjects/a-value/versions", 200, "[2,1]");

    RegisteredSchema latest = client().latest("a-value");

    assertThat(latest).isEqualTo(new RegisteredSchema("a-value", 9, 2, PROBE));
    assertThat(client().versions("a-value")).containsExactly(1, 2);
  }

  @Test
  void shouldSendBasicAuthenticationWhenConfigured() {
    answer("GET /apis/ccompat/v7/subjects", 200, "[\"a-value\"]");
    RestSchemaRegistryClient client =
        new RestSchemaRegistryClient(SchemaRegistryOptions.of(baseUrl).withBasicAuth("u:p"));

    assertThat(client.subjects()).containsExactly("a-value");
    assertThat(seen.get(0).auth()).isEqualTo("Basic dTpw");
  }

  @Test
  void shouldRejectNonJsonAnswerWithAHintAboutTheUrl() {
    answer("GET /apis/ccompat/v7/subjects", 200, "<html>welcome</html>");

    assertThatThrownBy(() -> client().subjects())
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("not JSON");
  }

  @Test
  void shouldRefuseNonAvroSchemas() {
    answer(
        "GET /apis/ccompat/v7/schemas/ids/4",
        200,
        "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}");

    assertThatThrownBy(() -> client().schemaById(4))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaRegistryException.Kind.UNSUPPORTED_SCHEMA))
        .hasMessageContaining("PROTOBUF");
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
