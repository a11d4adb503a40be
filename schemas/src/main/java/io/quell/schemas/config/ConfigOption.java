/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One typed configuration setting: its key, type, default and a description for people. The
 * configuration reference in the docs is generated from these, so the description is written for
 * operators.
 *
 * <p>Values are read from a {@code Map<String, ?>} as Kafka's {@code configure()} passes it: a
 * value may already have the target type or be its string form (as it comes from a properties
 * file). {@link Duration} settings are written in milliseconds, so their keys end in {@code .ms}.
 *
 * @param <T> type of the value: String, Boolean, Integer, Long or Duration
 */
public record ConfigOption<T>(String key, Class<T> type, T defaultValue, String description)
    implements Serializable {

  public ConfigOption {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!SUPPORTED_TYPES.containsKey(type)) {
      throw new IllegalArgumentException("Unsupported option type " + type.getName());
    }
  }

  private static final Map<Class<?>, String> SUPPORTED_TYPES =
      Map.of(
          String.class, "a string",
          Boolean.class, "true or false",
          Integer.class, "an integer",
          Long.class, "an integer",
          Duration.class, "a number of milliseconds");

  public static ConfigOption<String> string(String key, String defaultValue, String description) {
    return new ConfigOption<>(key, String.class, defaultValue, description);
  }

  public static ConfigOption<Boolean> bool(String key, boolean defaultValue, String description) {
    return new ConfigOption<>(key, Boolean.class, defaultValue, description);
  }

  public static ConfigOption<Integer> integer(String key, int defaultValue, String description) {
    return new ConfigOption<>(key, Integer.class, defaultValue, description);
  }

  public static ConfigOption<Duration> millis(
      String key, Duration defaultValue, String description) {
    return new ConfigOption<>(key, Duration.class, defaultValue, description);
  }

  /** Whether the setting is present (and not null) in {@code config}. */
  public boolean isSetIn(Map<String, ?> config) {
    return config.get(key) != null;
  }

  /**
   * The value of this setting in {@code config}, or the default when it is absent.
   *
   * @throws IllegalArgumentException when the value cannot be read as {@link #type()}; the message
   *     names the key and the value
   */
  public T read(Map<String, ?> config) {
    Object raw = config.get(key);
    if (raw == null) {
      return defaultValue;
    }
    try {
      return convert(raw);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Setting '" + key + "' must be " + SUPPORTED_TYPES.get(type) + " but is '" + raw + "'",
          e);
    }
  }

  /** The value in the string form that {@link #read} accepts back. */
  public String format(T value) {
    if (value instanceof Duration duration) {
      return Long.toString(duration.toMillis());
    }
    return String.valueOf(value);
  }

  private T convert(Object raw) {
    if (type.isInstance(raw)) {
      return type.cast(raw);
    }
    String text = raw.toString().trim();
    Object value;
    if (type == String.class) {
      value = text;
    } else if (type == Boolean.class) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw new IllegalArgumentException("not a boolean");
      }
      value = Boolean.parseBoolean(text);
    } else if (type == Integer.class) {
      value = raw instanceof Number n ? Math.toIntExact(n.longValue()) : Integer.parseInt(text);
    } else if (type == Long.class) {
      value = raw instanceof Number n ? n.longValue() : Long.parseLong(text);
    } else {
      long millis = raw instanceof Number n ? n.longValue() : Long.parseLong(text);
      if (millis < 0) {
        throw new IllegalArgumentException("negative duration");
      }
      value = Duration.ofMillis(millis);
    }
    return type.cast(value);
  }
}
