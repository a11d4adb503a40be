/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.List;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Caches what never changes in front of another client: a schema by its id (ids are immutable), and
 * the id of a schema under a subject (registering or looking up the same schema again yields the
 * same id). Once a schema's id is known, serializing and deserializing it need no request, so
 * producers and consumers of known schemas keep working while the registry is down.
 *
 * <p>Everything that can change (compatibility, versions, subjects) is passed through uncached.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

  private record SubjectSchema(String subject, Schema schema) {}

  private final SchemaRegistryClient delegate;
  private final LruCache<Integer, Schema> schemasById;
  private final LruCache<SubjectSchema, Integer> idsBySubjectSchema;

  public CachingSchemaRegistryClient(SchemaRegistryClient delegate, int capacity) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.schemasById = new LruCache<>(capacity);
    this.idsBySubjectSchema = new LruCache<>(capacity);
  }

  /** The client this one caches for. */
  public SchemaRegistryClient delegate() {
    return delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    // Avro's Schema.equals starts with an identity check and caches its hash, so keying by the
    // schema costs little for generated classes, which always hand over the same instance.
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    int id = delegate.register(subject, schema);
    remember(key, id);
    return id;
  }

  @Override
  public int idOf(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    int id = delegate.idOf(subject, schema);
    remember(key, id);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = delegate.schemaById(id);
    schemasById.put(id, schema);
    return schema;
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    return delegate.compatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return delegate.versions(subject);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    RegisteredSchema latest = delegate.latest(subject);
    if (schemasById.get(latest.id()) == null) {
      schemasById.put(latest.id(), latest.schema());
    }
    return latest;
  }

  private void remember(SubjectSchema key, int id) {
    idsBySubjectSchema.put(key, id);
    // The local schema is the registered one, so a consumer in this process that meets the id
    // needs no request either.
    if (schemasById.get(id) == null) {
      schemasById.put(id, key.schema());
    }
  }
}
