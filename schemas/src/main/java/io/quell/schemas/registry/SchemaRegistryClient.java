/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that Quell uses. Implementations: {@link
 * RestSchemaRegistryClient} (HTTP, works with Confluent, Apicurio's ccompat API, Karapace and
 * Redpanda), {@link CachingSchemaRegistryClient} (caches ids and schemas in front of another
 * client) and {@link InMemorySchemaRegistryClient} (for tests without a server).
 *
 * <p>Every method throws {@link SchemaRegistryException} when the request fails.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} (or finds it when it is already registered
   * there) and returns its global id.
   *
   * @throws SchemaRegistryException of kind {@link SchemaRegistryException.Kind#INCOMPATIBLE} when
   *     the schema breaks the subject's compatibility rule
   */
  int register(String subject, Schema schema);

  /**
   * The id of {@code schema} when it is already registered under {@code subject}; registers
   * nothing.
   *
   * @throws SchemaRegistryException of kind {@link SchemaRegistryException.Kind#NOT_FOUND} when the
   *     subject does not exist or does not hold this schema
   */
  int idOf(String subject, Schema schema);

  /**
   * The schema with this global id. Ids are immutable, so callers may cache the answer forever.
   *
   * @throws SchemaRegistryException of kind {@link SchemaRegistryException.Kind#NOT_FOUND} when the
   *     registry does not know the id
   */
  Schema schemaById(int id);

  /**
   * Whether {@code schema} could be registered under {@code subject} without breaking its
   * compatibility rule (tested against the latest version). True for a subject that does not exist
   * yet.
   */
  boolean isCompatible(String subject, Schema schema);

  /**
   * The compatibility level in force for {@code subject}: its own setting, or the registry's global
   * one when it has none.
   */
  CompatibilityLevel compatibility(String subject);

  /** Sets the compatibility level of one subject. */
  void setCompatibility(String subject, CompatibilityLevel level);

  /** All subjects (deleted ones excluded). */
  List<String> subjects();

  /** The versions of a subject, ascending. */
  List<Integer> versions(String subject);

  /** The latest version of a subject. */
  RegisteredSchema latest(String subject);
}
