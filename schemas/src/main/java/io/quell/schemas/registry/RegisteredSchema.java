/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject in the registry.
 *
 * @param subject the subject, for example {@code quell.alerts-value}
 * @param id the global schema id, the one written into every record
 * @param version the version within the subject, starting at 1
 * @param schema the parsed schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
