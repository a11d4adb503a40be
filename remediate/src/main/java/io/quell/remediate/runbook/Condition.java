/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import io.quell.schemas.avro.Incident;
import java.util.function.Predicate;

/**
 * One test a rule makes on an incident version; a rule fires when all its conditions hold. Named,
 * so that logs and docs can say which condition held an incident back.
 */
public interface Condition {

  /** Short description for people, for example {@code severity >= CRITICAL}. */
  String description();

  boolean test(Incident incident);

  /** A condition from a description and a predicate. */
  static Condition of(String description, Predicate<Incident> predicate) {
    return new Condition() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public boolean test(Incident incident) {
        return predicate.test(incident);
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }
}
