/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch side of Quell: component templates, composable index templates, the lifecycle
 * policy of the timeline, and the indices themselves. Every name starts with the prefix ({@code
 * quell-} by default), and every index template matches exactly one name, so installations with
 * different prefixes never share a template.
 *
 * <ul>
 *   <li>{@code <prefix>incidents}: an index, one document per incident (its newest version);
 *   <li>{@code <prefix>incident-timeline}: a data stream, one document per incident version, with a
 *       lifecycle policy (rollover, then deletion after the retention) where the cluster has ILM;
 *   <li>{@code <prefix>actions}: an index, one document per remediation step with its result.
 * </ul>
 *
 * <p>Component templates: {@code <prefix>settings} (one shard), {@code <prefix>incident-fields}
 * (the incident mapping, shared by the incidents index and the timeline), {@code
 * <prefix>timeline-fields} ({@code @timestamp}), {@code <prefix>timeline-lifecycle} (the policy
 * setting, only with ILM) and {@code <prefix>action-fields}. Their bodies are JSON resources beside
 * this class.
 */
public final class QuellIndices {

  private static final Logger LOG = LoggerFactory.getLogger(QuellIndices.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PRIORITY = 200;

  /** One composable index template and the component templates it is made of, in order. */
  public enum Kind {
    INCIDENTS("incidents", false, "settings", "incident-fields"),
    TIMELINE("incident-timeline", true, "settings", "incident-fields", "timeline-fields"),
    ACTIONS("actions", false, "settings", "action-fields");

    private final String suffix;
    private final boolean dataStream;
    private final List<String> components;

    Kind(String suffix, boolean dataStream, String... components) {
      this.suffix = suffix;
      this.dataStream = dataStream;
      this.components = List.of(components);
    }

    /** The index (or data stream) name after the prefix. */
    public String suffix() {
      return suffix;
    }

    public boolean dataStream() {
      return dataStream;
    }
  }

  private final ElasticsearchClient client;
  private final String prefix;
  private final Duration timelineRetention;
  private volatile boolean lifecycle;
  private volatile boolean dataStreams = true;

  /**
   * @param prefix put in front of every name
   * @param timelineRetention how long the timeline keeps a version (deletion phase of the policy)
   */
  public QuellIndices(ElasticsearchClient client, String prefix, Duration timelineRetention) {
    this.client = Objects.requireNonNull(client, "client");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.timelineRetention = Objects.requireNonNull(timelineRetention, "timelineRetention");
  }

  /** The name of the index or data stream of {@code kind}. */
  public String name(Kind kind) {
    return prefix + kind.suffix;
  }

  /** Name of the lifecycle policy of the timeline. */
  public String policyName() {
    return prefix + Kind.TIMELINE.suffix;
  }

  /**
   * Whether the timeline is a data stream: where the cluster has data streams (every default
   * distribution; not the minimal integ-test distribution the embedded stack runs), as of the last
   * {@link #install()}. Otherwise it is a plain index of the same name.
   */
  public boolean timelineIsDataStream() {
    return dataStreams;
  }

  /** Whether the last {@link #install()} put the timeline's lifecycle policy. */
  public boolean lifecycleInstalled() {
    return lifecycle;
  }

  /**
   * Installs the policy and the templates, creates what does not exist and adds new fields to the
   * mappings of what does. Safe to run at every start, by several instances at once.
   *
   * @throws IOException when Elasticsearch cannot be reached
   * @throws ElasticsearchException when it refuses a template
   */
  public void install() throws IOException {
    dataStreams = supports("/_data_stream");
    lifecycle = supports("/_ilm/status") && putLifecyclePolicy();
    for (String component :
        List.of("settings", "incident-fields", "timeline-fields", "action-fields")) {
      putComponent(component, resource(component + ".json"));
    }
    if (lifecycle) {
      ObjectNode body = JSON.createObjectNode();
      body.putObject("_meta").put("managed_by", "quell-remediate");
      body.putObject("template").putObject("settings").put("index.lifecycle.name", policyName());
      putComponent("timeline-lifecycle", body);
    }
    for (Kind kind : Kind.values()) {
      putIndexTemplate(kind);
    }
    createIncidentsOrActions(Kind.INCIDENTS);
    createIncidentsOrActions(Kind.ACTIONS);
    createTimeline();
  }

  /** The index template body of {@code kind} as it is installed (with lifecycle when present). */
  ObjectNode indexTemplate(Kind kind) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("index_patterns").add(name(kind));
    ArrayNode composedOf = body.putArray("composed_of");
    for (String component : components(kind)) {
      composedOf.add(prefix + component);
    }
    body.put("priority", PRIORITY);
    if (kind.dataStream && dataStreams) {
      body.putObject("data_stream");
    }
    ObjectNode meta = body.putObject("_meta");
    meta.put("managed_by", "quell-remediate");
    meta.put("description", "Quell " + kind.suffix + " (see remediate/README.md)");
    return body;
  }

  private List<String> components(Kind kind) {
    List<String> components = new ArrayList<>(kind.components);
    if (kind == Kind.TIMELINE && lifecycle) {
      components.add("timeline-lifecycle");
    }
    return components;
  }

  /**
   * The mapping an index of {@code kind} gets: the properties of its component templates merged, as
   * Elasticsearch merges them. Used to check Kibana's saved objects against the templates.
   */
  public static ObjectNode mappings(Kind kind) {
    ObjectNode merged = JSON.createObjectNode();
    ObjectNode properties = JSON.createObjectNode();
    for (String component : kind.components) {
      JsonNode mappings = resource(component + ".json").path("template").path("mappings");
      if (mappings.has("dynamic")) {
        merged.set("dynamic", mappings.get("dynamic"));
      }
      mappings
          .path("properties")
          .fields()
          .forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
    }
    merged.set("properties", properties);
    return merged;
  }

  /** The body of the timeline's lifecycle policy: rollover when hot, deletion after retention. */
  ObjectNode lifecyclePolicy() {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode policy = body.putObject("policy");
    policy.putObject("_meta").put("managed_by", "quell-remediate");
    ObjectNode phases = policy.putObject("phases");
    ObjectNode rollover =
        phases.putObject("hot").put("min_age", "0ms").putObject("actions").putObject("rollover");
    rollover.put("max_age", "7d");
    rollover.put("max_primary_shard_size", "10gb");
    ObjectNode delete = phases.putObject("delete");
    delete.put("min_age", timeValue(timelineRetention));
    delete.putObject("actions").putObject("delete");
    return body;
  }

  private boolean putLifecyclePolicy() throws IOException {
    ObjectNode body = lifecyclePolicy();
    try {
      client
          .ilm()
          .putLifecycle(
              request -> request.name(policyName()).withJson(new StringReader(body.toString())));
      return true;
    } catch (ElasticsearchException e) {
      // No ILM here (a serverless project, a cluster without the feature): the timeline works
      // without a policy and is then kept until deleted by hand.
      LOG.warn(
          "The cluster did not take the lifecycle policy {} ({}): the incident timeline has none",
          policyName(),
          e.getMessage());
      return false;
    }
  }

  /**
   * Whether the cluster answers 200 to a GET of {@code path}: the API is there. A cluster without
   * the module answers 400 or 405.
   *
   * @throws IOException when it cannot be reached
   */
  private boolean supports(String path) throws IOException {
    RestClient rest = ((RestClientTransport) client._transport()).restClient();
    try {
      Response response = rest.performRequest(new Request("GET", path));
      return response.getStatusLine().getStatusCode() == 200;
    } catch (ResponseException e) {
      int status = e.getResponse().getStatusLine().getStatusCode();
      if (status >= 500 || status == 429) {
        throw e; // the cluster is in trouble, not without the API: try again later
      }
      LOG.info("Elasticsearch has no {} (HTTP {})", path, status);
      return false;
    }
  }

  /** A duration as an Elasticsearch time value: whole days where it is whole days. */
  static String timeValue(Duration duration) {
    long millis = duration.toMillis();
    long day = Duration.ofDays(1).toMillis();
    return millis % day == 0 ? millis / day + "d" : millis + "ms";
  }

  private void putComponent(String component, JsonNode body) throws IOException {
    client
        .cluster()
        .putComponentTemplate(
            request ->
                request.name(prefix + component).withJson(new StringReader(body.toString())));
  }

  private void putIndexTemplate(Kind kind) throws IOException {
    String body = indexTemplate(kind).toString();
    client
        .indices()
        .putIndexTemplate(request -> request.name(name(kind)).withJson(new StringReader(body)));
  }

  private void createIncidentsOrActions(Kind kind) throws IOException {
    String index = name(kind);
    if (!client.indices().exists(request -> request.index(index)).value()) {
      try {
        client.indices().create(request -> request.index(index));
        LOG.info("Created index {}", index);
        return;
      } catch (ElasticsearchException e) {
        if (!alreadyExists(e)) {
          throw e;
        }
        // Another instance created it meanwhile: fall through and update its mapping.
      }
    }
    updateMapping(kind);
  }

  private void createTimeline() throws IOException {
    if (!dataStreams) {
      createIncidentsOrActions(Kind.TIMELINE);
      return;
    }
    String stream = name(Kind.TIMELINE);
    if (!client.indices().exists(request -> request.index(stream)).value()) {
      try {
        client.indices().createDataStream(request -> request.name(stream));
        LOG.info("Created data stream {}", stream);
        return;
      } catch (ElasticsearchException e) {
        if (!alreadyExists(e)) {
          throw e;
        }
      }
    }
    updateMapping(Kind.TIMELINE);
  }

  private void updateMapping(Kind kind) throws IOException {
    String mappings = mappings(kind).toString();
    try {
      client
          .indices()
          .putMapping(request -> request.withJson(new StringReader(mappings)).index(name(kind)));
    } catch (ElasticsearchException e) {
      // A field whose type changed cannot be updated in place; the index keeps working with its
      // old mapping, and a new prefix (or the timeline's next backing index) picks up the new one.
      LOG.warn("Could not update the mapping of {}: {}", name(kind), e.getMessage());
    }
  }

  private static boolean alreadyExists(ElasticsearchException e) {
    return e.error() != null && "resource_already_exists_exception".equals(e.error().type());
  }

  static JsonNode resource(String name) {
    try (InputStream in = QuellIndices.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
