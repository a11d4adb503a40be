/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

/**
 * Subject naming, the "topic name strategy" of Confluent's serializers: the schemas of a topic's
 * values are registered under {@code <topic>-value}, those of its keys under {@code <topic>-key}.
 * One subject per topic means that compatibility is checked for exactly the records a consumer of
 * that topic can meet.
 */
public final class SubjectNames {

  private SubjectNames() {}

  public static String valueSubject(String topic) {
    return subject(topic, false);
  }

  public static String keySubject(String topic) {
    return subject(topic, true);
  }

  public static String subject(String topic, boolean isKey) {
    if (topic == null || topic.isEmpty()) {
      throw new IllegalArgumentException("A subject needs a topic name");
    }
    return topic + (isKey ? "-key" : "-value");
  }
}
