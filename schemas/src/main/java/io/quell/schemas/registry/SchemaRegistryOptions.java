/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.registry;

import io.quell.schemas.config.ConfigOption;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach the schema registry and how the serde uses it. Read from the same configuration map
 * as the Kafka client ({@link #fromMap}), so the keys follow the names Confluent's serializers use
 * where one exists. Serializable, so that Flink functions can carry it to the task managers and
 * build their client there.
 *
 * @param url base URL the API paths are appended to, for example {@code
 *     http://127.0.0.1:8081/apis/ccompat/v7} (Apicurio) or {@code http://host:8081} (Confluent);
 *     {@code mock://<scope>} selects an in-memory registry for tests
 * @param autoRegister whether serializers register unknown schemas; when false they only look up
 *     ids and a missing schema is an error
 * @param cacheCapacity how many schemas and ids each cache keeps
 * @param connectTimeout how long to wait for a TCP connection
 * @param requestTimeout how long to wait for a response
 * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, or null
 */
public record SchemaRegistryOptions(
    String url,
    boolean autoRegister,
    int cacheCapacity,
    Duration connectTimeout,
    Duration requestTimeout,
    String basicAuthUserInfo)
    implements Serializable {

  public static final ConfigOption<String> URL =
      ConfigOption.string(
          "schema.registry.url",
          null,
          "Base URL of the Confluent-compatible schema registry API, for example"
              + " http://127.0.0.1:8081/apis/ccompat/v7 for Apicurio or http://host:8081 for"
              + " Confluent. mock://<name> selects an in-memory registry (tests only).");

  public static final ConfigOption<Boolean> AUTO_REGISTER =
      ConfigOption.bool(
          "auto.register.schemas",
          true,
          "Whether serializers register a schema the registry does not know yet. Turn off in"
              + " production where schemas are registered by the release process: a serializer"
              + " then only looks up ids and fails clearly on a schema that is not registered.");

  public static final ConfigOption<Integer> CACHE_CAPACITY =
      ConfigOption.integer(
          "schema.registry.cache.capacity",
          1000,
          "How many schemas (by id) and schema ids (by subject and schema) the client caches."
              + " Once cached, serializing and deserializing need no request to the registry.");

  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      ConfigOption.millis(
          "schema.registry.connect.timeout.ms",
          Duration.ofSeconds(5),
          "How long to wait for a connection to the schema registry, in milliseconds.");

  public static final ConfigOption<Duration> REQUEST_TIMEOUT =
      ConfigOption.millis(
          "schema.registry.request.timeout.ms",
          Duration.ofSeconds(10),
          "How long to wait for a response of the schema registry, in milliseconds.");

  public static final ConfigOption<String> BASIC_AUTH_USER_INFO =
      ConfigOption.string(
          "schema.registry.basic.auth.user.info",
          null,
          "user:password for HTTP basic authentication against the schema registry; empty for"
              + " none.");

  /** Every setting, in the order the configuration reference lists them. */
  public static final List<ConfigOption<?>> OPTIONS =
      List.of(
          URL,
          AUTO_REGISTER,
          CACHE_CAPACITY,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT,
          BASIC_AUTH_USER_INFO);

  private static final long serialVersionUID = 1L;

  public SchemaRegistryOptions {
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("Setting '" + URL.key() + "' must not be empty");
    }
    if (cacheCapacity < 1) {
      throw new IllegalArgumentException(
          "Setting '" + CACHE_CAPACITY.key() + "' must be at least 1 but is " + cacheCapacity);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (basicAuthUserInfo != null && basicAuthUserInfo.isBlank()) {
      basicAuthUserInfo = null;
    }
  }

  /** Options for {@code url} with every other setting at its default. */
  public static SchemaRegistryOptions of(String url) {
    return fromMap(Map.of(URL.key(), url));
  }

  /**
   * Reads the options from a configuration map (as Kafka's {@code configure()} passes it).
   *
   * @throws IllegalArgumentException when {@code schema.registry.url} is missing or a value is
   *     malformed
   */
  public static SchemaRegistryOptions fromMap(Map<String, ?> config) {
    if (!URL.isSetIn(config)) {
      throw new IllegalArgumentException(
          "Setting '" + URL.key() + "' is required: the base URL of the schema registry");
    }
    return new SchemaRegistryOptions(
        URL.read(config),
        AUTO_REGISTER.read(config),
        CACHE_CAPACITY.read(config),
        CONNECT_TIMEOUT.read(config),
        REQUEST_TIMEOUT.read(config),
        BASIC_AUTH_USER_INFO.read(config));
  }

  public SchemaRegistryOptions withAutoRegister(boolean enabled) {
    return new SchemaRegistryOptions(
        url, enabled, cacheCapacity, connectTimeout, requestTimeout, basicAuthUserInfo);
  }

  public SchemaRegistryOptions withCacheCapacity(int capacity) {
    return new SchemaRegistryOptions(
        url, autoRegister, capacity, connectTimeout, requestTimeout, basicAuthUserInfo);
  }

  public SchemaRegistryOptions withTimeouts(Duration connect, Duration request) {
    return new SchemaRegistryOptions(
        url, autoRegister, cacheCapacity, connect, request, basicAuthUserInfo);
  }

  public SchemaRegistryOptions withBasicAuth(String userInfo) {
    return new SchemaRegistryOptions(
        url, autoRegister, cacheCapacity, connectTimeout, requestTimeout, userInfo);
  }

  /** Whether {@link #url()} selects the in-memory registry rather than an HTTP one. */
  public boolean isInMemory() {
    return url.startsWith(InMemorySchemaRegistryClient.URL_SCHEME);
  }

  /** The options as configuration entries, to merge into a Kafka client's configuration. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(URL.key(), url);
    map.put(AUTO_REGISTER.key(), AUTO_REGISTER.format(autoRegister));
    map.put(CACHE_CAPACITY.key(), CACHE_CAPACITY.format(cacheCapacity));
    map.put(CONNECT_TIMEOUT.key(), CONNECT_TIMEOUT.format(connectTimeout));
    map.put(REQUEST_TIMEOUT.key(), REQUEST_TIMEOUT.format(requestTimeout));
    if (basicAuthUserInfo != null) {
      map.put(BASIC_AUTH_USER_INFO.key(), basicAuthUserInfo);
    }
    return map;
  }

  /** Leaves the password out, since options end up in logs. */
  @Override
  public String toString() {
    return "SchemaRegistryOptions[url="
        + url
        + ", autoRegister="
        + autoRegister
        + ", cacheCapacity="
        + cacheCapacity
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", basicAuth="
        + (basicAuthUserInfo == null ? "none" : "****")
        + "]";
  }
}
