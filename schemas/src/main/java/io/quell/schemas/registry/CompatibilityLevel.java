/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

/**
 * Which earlier schemas of a subject a new schema must stay compatible with, as the Confluent
 * Schema Registry API names the levels. Quell's subjects use {@link #BACKWARD}: consumers upgrade
 * first, then producers, and a new consumer can still read everything already in the topic.
 */
public enum CompatibilityLevel {
  NONE,
  BACKWARD,
  BACKWARD_TRANSITIVE,
  FORWARD,
  FORWARD_TRANSITIVE,
  FULL,
  FULL_TRANSITIVE
}
