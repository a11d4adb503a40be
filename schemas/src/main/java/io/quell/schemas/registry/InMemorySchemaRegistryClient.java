/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * A schema registry held in memory, for tests that need a serde but no server (TopologyTestDriver,
 * operator harnesses, Flink MiniCluster tests). It behaves like the real API where Quell relies on
 * it: global ids shared across subjects, the same id for the same schema text, compatibility checks
 * with Avro's own rules (default {@link CompatibilityLevel#BACKWARD}), and the same error kinds and
 * codes.
 *
 * <p>The options URL {@code mock://<scope>} selects the shared instance of that scope (see {@link
 * #forScope}), so that serdes created from configuration in different places of one test see the
 * same registry. {@link #setReachable(boolean)} simulates an outage.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  /** URL prefix that selects an in-memory registry: {@code mock://<scope>}. */
  public static final String URL_SCHEME = "mock://";

  private static final ConcurrentMap<String, InMemorySchemaRegistryClient> SCOPES =
      new ConcurrentHashMap<>();

  private final Map<String, Integer> idsByText = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<Integer>> idsBySubject = new LinkedHashMap<>();
  private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private volatile boolean reachable = true;

  /** The shared registry of {@code scope}, created on first use. */
  public static InMemorySchemaRegistryClient forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, name -> new InMemorySchemaRegistryClient());
  }

  /** The shared registry that {@code mock://<scope>} names. */
  public static InMemorySchemaRegistryClient forUrl(String url) {
    if (!url.startsWith(URL_SCHEME)) {
      throw new IllegalArgumentException(url + " does not start with " + URL_SCHEME);
    }
    return forScope(url.substring(URL_SCHEME.length()));
  }

  /** Forgets the shared registry of {@code scope}, so that the next use starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  /** While false, every request fails as if the registry were down (retryable, no response). */
  public void setReachable(boolean reachable) {
    this.reachable = reachable;
  }

  /** How many requests this registry has answered or refused, to check caching in tests. */
  public int requestCount() {
    return requests.get();
  }

  public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
    globalLevel = level;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String operation = "registering schema " + schema.getFullName();
    arrive(operation, subject, null);
    String text = schema.toString();
    List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
    Integer known = idsByText.get(text);
    if (known != null && ids.contains(known)) {
      return known;
    }
    List<String> problems = incompatibilities(subject, schema);
    if (!problems.isEmpty()) {
      throw SchemaRegistryException.httpError(
          operation,
          subject,
          null,
          409,
          409,
          "Incompatible schema: " + String.join("; ", problems));
    }
    int id = known != null ? known : schemasById.size() + 1;
    idsByText.put(text, id);
    schemasById.put(id, new Schema.Parser().parse(text));
    idsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
    return id;
  }

  @Override
  public synchronized int idOf(String subject, Schema schema) {
    String operation = "looking up the id of schema " + schema.getFullName();
    arrive(operation, subject, null);
    List<Integer> ids = idsBySubject.get(subject);
    if (ids == null) {
      throw SchemaRegistryException.httpError(
          operation, subject, null, 404, 40401, "Subject '" + subject + "' not found.");
    }
    Integer id = idsByText.get(schema.toString());
    if (id == null || !ids.contains(id)) {
      throw SchemaRegistryException.httpError(
          operation, subject, null, 404, 40403, "Schema not found under '" + subject + "'.");
    }
    return id;
  }

  @Override
  public synchronized Schema schemaById(int id) {
    String operation = "fetching a schema by id";
    arrive(operation, null, id);
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw SchemaRegistryException.httpError(
          operation, null, id, 404, 40403, "Schema " + id + " not found.");
    }
    return schema;
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    arrive("testing compatibility of schema " + schema.getFullName(), subject, null);
    return incompatibilities(subject, schema).isEmpty();
  }

  @Override
  public synchronized CompatibilityLevel compatibility(String subject) {
    arrive("reading the compatibility level", subject, null);
    return levelsBySubject.getOrDefault(subject, globalLevel);
  }

  @Override
  public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    arrive("setting the compatibility level to " + level, subject, null);
    levelsBySubject.put(subject, level);
  }

  @Override
  public synchronized List<String> subjects() {
    arrive("listing subjects", null, null);
    return List.copyOf(idsBySubject.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    arrive("listing versions", subject, null);
    List<Integer> versions = new ArrayList<>();
    for (int version = 1; version <= subjectIds("listing versions", subject).size(); version++) {
      versions.add(version);
    }
    return versions;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    arrive("fetching the latest version", subject, null);
    List<Integer> ids = subjectIds("fetching the latest version", subject);
    int id = ids.get(ids.size() - 1);
    return new RegisteredSchema(subject, id, ids.size(), schemasById.get(id));
  }

  private List<Integer> subjectIds(String operation, String subject) {
    List<Integer> ids = idsBySubject.get(subject);
    if (ids == null) {
      throw SchemaRegistryException.httpError(
          operation, subject, null, 404, 40401, "Subject '" + subject + "' not found.");
    }
    return ids;
  }

  private void arrive(String operation, String subject, Integer schemaId) {
    requests.incrementAndGet();
    if (!reachable) {
      throw SchemaRegistryException.unreachable(
          operation, subject, schemaId, new ConnectException("in-memory registry is down"));
    }
  }

  private List<String> incompatibilities(String subject, Schema candidate) {
    List<Integer> ids = idsBySubject.getOrDefault(subject, List.of());
    if (ids.isEmpty()) {
      return List.of();
    }
    CompatibilityLevel level = levelsBySubject.getOrDefault(subject, globalLevel);
    List<Schema> earlier = new ArrayList<>();
    switch (level) {
      case NONE -> {
        return List.of();
      }
      case BACKWARD, FORWARD, FULL -> earlier.add(schemasById.get(ids.get(ids.size() - 1)));
      default -> ids.forEach(id -> earlier.add(schemasById.get(id)));
    }
    boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
    boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
    List<String> problems = new ArrayList<>();
    for (Schema old : earlier) {
      if (backward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), problems);
      }
      if (forward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), problems);
      }
    }
    return problems;
  }

  private static void describe(
      SchemaCompatibility.SchemaPairCompatibility result, List<String> problems) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    result
        .getResult()
        .getIncompatibilities()
        .forEach(problem -> problems.add(problem.getMessage() + " at " + problem.getLocation()));
  }
}
