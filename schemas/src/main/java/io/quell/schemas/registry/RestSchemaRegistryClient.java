/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Confluent Schema Registry REST API over {@link HttpClient}. It appends the API
 * paths to the base URL as given, so the same client talks to Confluent ({@code http://host:8081}),
 * Apicurio ({@code http://host:8080/apis/ccompat/v7}), Karapace and Redpanda. It caches nothing:
 * wrap it in a {@link CachingSchemaRegistryClient} (as {@link SchemaRegistryClients} does).
 *
 * <p>Thread-safe. Requests are not retried here: a failure surfaces as a retryable {@link
 * SchemaRegistryException} and the caller's own restart logic (Flink, Kafka Streams) retries.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final Logger LOG = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json,"
          + " application/json";
  private static final int ERROR_SUBJECT_NOT_FOUND = 40401;
  private static final int MAX_EXCERPT = 300;

  private final String baseUrl;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final String authorization;
  private final ObjectMapper json = new ObjectMapper();

  public RestSchemaRegistryClient(SchemaRegistryOptions options) {
    if (options.isInMemory()) {
      throw new IllegalArgumentException(
          options.url() + " is an in-memory registry, use InMemorySchemaRegistryClient");
    }
    this.baseUrl = stripTrailingSlashes(options.url());
    this.http = HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build();
    this.requestTimeout = options.requestTimeout();
    this.authorization =
        options.basicAuthUserInfo() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(options.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
  }

  /** The base URL the API paths are appended to. */
  public String baseUrl() {
    return baseUrl;
  }

  @Override
  public int register(String subject, Schema schema) {
    String operation = "registering schema " + schema.getFullName();
    JsonNode answer =
        send(
            operation,
            subject,
            null,
            post("/subjects/" + encode(subject) + "/versions", schemaBody(schema)));
    int id = requireInt(answer, "id", operation, subject);
    LOG.info(
        "Schema {} is registered under subject {} with id {}", schema.getFullName(), subject, id);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    String operation = "looking up the id of schema " + schema.getFullName();
    JsonNode answer =
        send(operation, subject, null, post("/subjects/" + encode(subject), schemaBody(schema)));
    return requireInt(answer, "id", operation, subject);
  }

  @Override
  public Schema schemaById(int id) {
    String operation = "fetching a schema by id";
    JsonNode answer = send(operation, null, id, get("/schemas/ids/" + id));
    String type = answer.path("schemaType").asText("AVRO");
    if (!type.equals("AVRO")) {
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.UNSUPPORTED_SCHEMA,
          operation,
          null,
          id,
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_ERROR_CODE,
          "schema type is " + type + ", only AVRO is supported",
          null);
    }
    return parse(requireText(answer, "schema", operation, null), operation, null, id);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    String operation = "testing compatibility of schema " + schema.getFullName();
    try {
      JsonNode answer =
          send(
              operation,
              subject,
              null,
              post(
                  "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                  schemaBody(schema)));
      JsonNode compatible = answer.get("is_compatible");
      if (compatible == null || !compatible.isBoolean()) {
        throw malformedAnswer(operation, subject, null, "no boolean is_compatible", answer);
      }
      return compatible.booleanValue();
    } catch (SchemaRegistryException e) {
      // Older Confluent versions answer 404 for a subject without versions; anything goes there.
      if (e.isNotFound() && e.errorCode() == ERROR_SUBJECT_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    String operation = "reading the compatibility level";
    JsonNode answer;
    try {
      answer =
          send(
              operation,
              subject,
              null,
              get("/config/" + encode(subject) + "?defaultToGlobal=true"));
    } catch (SchemaRegistryException e) {
      // Registries that do not know defaultToGlobal answer 404 for a subject without its own level.
      if (!e.isNotFound()) {
        throw e;
      }
      answer = send(operation + " (global)", null, null, get("/config"));
    }
    return level(answer, operation, subject);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    String operation = "setting the compatibility level to " + level;
    ObjectNode body = json.createObjectNode().put("compatibility", level.name());
    HttpRequest.Builder request =
        request("/config/" + encode(subject))
            .header("Content-Type", CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString()));
    send(operation, subject, null, request);
  }

  @Override
  public List<String> subjects() {
    String operation = "listing subjects";
    JsonNode answer = send(operation, null, null, get("/subjects"));
    if (!answer.isArray()) {
      throw malformedAnswer(operation, null, null, "not an array", answer);
    }
    List<String> subjects = new ArrayList<>();
    answer.forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  @Override
  public List<Integer> versions(String subject) {
    String operation = "listing versions";
    JsonNode answer =
        send(operation, subject, null, get("/subjects/" + encode(subject) + "/versions"));
    if (!answer.isArray()) {
      throw malformedAnswer(operation, subject, null, "not an array", answer);
    }
    List<Integer> versions = new ArrayList<>();
    answer.forEach(node -> versions.add(node.asInt()));
    versions.sort(null);
    return versions;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    String operation = "fetching the latest version";
    JsonNode answer =
        send(operation, subject, null, get("/subjects/" + encode(subject) + "/versions/latest"));
    int id = requireInt(answer, "id", operation, subject);
    int version = requireInt(answer, "version", operation, subject);
    Schema schema =
        parse(requireText(answer, "schema", operation, subject), operation, subject, id);
    return new RegisteredSchema(subject, id, version, schema);
  }

  private String schemaBody(Schema schema) {
    // The compact form, always: Apicurio matches lookups by the exact text registered.
    return json.createObjectNode().put("schema", schema.toString()).toString();
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return request(path)
        .header("Content-Type", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  private JsonNode send(
      String operation, String subject, Integer schemaId, HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw SchemaRegistryException.unreachable(
          operation + " at " + request.method() + " " + request.uri(), subject, schemaId, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.unreachable(
          operation + " at " + request.method() + " " + request.uri() + " (interrupted)",
          subject,
          schemaId,
          e);
    }
    int status = response.statusCode();
    String body = response.body() == null ? "" : response.body();
    LOG.debug("{} {} answered {}", request.method(), request.uri(), status);
    if (status >= 200 && status < 300) {
      try {
        return json.readTree(body.isEmpty() ? "{}" : body);
      } catch (JsonProcessingException e) {
        throw new SchemaRegistryException(
            SchemaRegistryException.Kind.REJECTED,
            operation + " at " + request.method() + " " + request.uri(),
            subject,
            schemaId,
            status,
            SchemaRegistryException.NO_ERROR_CODE,
            "answer is not JSON (is the base URL a schema registry API?): " + excerpt(body),
            e);
      }
    }
    int errorCode = SchemaRegistryException.NO_ERROR_CODE;
    String message = excerpt(body);
    try {
      JsonNode error = json.readTree(body);
      if (error != null && error.isObject()) {
        errorCode = error.path("error_code").asInt(SchemaRegistryException.NO_ERROR_CODE);
        message = error.path("message").asText(message);
      }
    } catch (JsonProcessingException e) {
      // Not a registry error document (a proxy or a wrong URL answered); the excerpt says enough.
    }
    throw SchemaRegistryException.httpError(
        operation + " at " + request.method() + " " + request.uri(),
        subject,
        schemaId,
        status,
        errorCode,
        message);
  }

  private CompatibilityLevel level(JsonNode answer, String operation, String subject) {
    // Confluent answers compatibilityLevel to GET and compatibility to PUT; Apicurio always the
    // former. Accept either.
    String text = answer.path("compatibilityLevel").asText(answer.path("compatibility").asText(""));
    try {
      return CompatibilityLevel.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw malformedAnswer(operation, subject, null, "unknown compatibility level", answer);
    }
  }

  private Schema parse(String text, String operation, String subject, Integer id) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          SchemaRegistryException.Kind.UNSUPPORTED_SCHEMA,
          operation,
          subject,
          id,
          SchemaRegistryException.NO_STATUS,
          SchemaRegistryException.NO_ERROR_CODE,
          "the registry's schema text is not a valid Avro schema",
          e);
    }
  }

  private int requireInt(JsonNode answer, String field, String operation, String subject) {
    JsonNode node = answer.get(field);
    if (node == null || !node.canConvertToInt()) {
      throw malformedAnswer(operation, subject, null, "no integer " + field, answer);
    }
    return node.intValue();
  }

  private String requireText(JsonNode answer, String field, String operation, String subject) {
    JsonNode node = answer.get(field);
    if (node == null || !node.isTextual()) {
      throw malformedAnswer(operation, subject, null, "no text " + field, answer);
    }
    return node.textValue();
  }

  private static SchemaRegistryException malformedAnswer(
      String operation, String subject, Integer id, String problem, JsonNode answer) {
    return new SchemaRegistryException(
        SchemaRegistryException.Kind.REJECTED,
        operation,
        subject,
        id,
        SchemaRegistryException.NO_STATUS,
        SchemaRegistryException.NO_ERROR_CODE,
        "unexpected answer, " + problem + ": " + excerpt(answer.toString()),
        null);
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String excerpt(String body) {
    String flat = body.strip();
    return flat.length() <= MAX_EXCERPT ? flat : flat.substring(0, MAX_EXCERPT) + "...";
  }

  private static String stripTrailingSlashes(String url) {
    String result = url.strip();
    while (result.endsWith("/")) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
