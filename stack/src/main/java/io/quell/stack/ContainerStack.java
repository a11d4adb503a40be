/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same three servers as containers, for machines with a Docker engine. Chosen with {@code
 * -Dquell.stack=containers}; image tags follow the versions the embedded stack runs.
 */
public final class ContainerStack implements QuellStack {
  static final String KAFKA_IMAGE = "apache/kafka:4.2.1";
  static final String APICURIO_IMAGE =
      "apicurio/apicurio-registry:" + Distributions.APICURIO_VERSION;
  static final String ELASTICSEARCH_IMAGE =
      "docker.elastic.co/elasticsearch/elasticsearch:" + Distributions.ELASTICSEARCH_VERSION;

  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;
  private final ElasticsearchContainer elasticsearch;

  private ContainerStack(
      KafkaContainer kafka, GenericContainer<?> registry, ElasticsearchContainer elasticsearch) {
    this.kafka = kafka;
    this.registry = registry;
    this.elasticsearch = elasticsearch;
  }

  /** True when a Docker engine answers. */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Starts the three containers (in parallel) and waits until each is ready. */
  @SuppressWarnings("resource")
  public static ContainerStack start() {
    KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
    GenericContainer<?> registry =
        new GenericContainer<>(DockerImageName.parse(APICURIO_IMAGE))
            .withExposedPorts(8080)
            .withEnv("APICURIO_RULES_GLOBAL_COMPATIBILITY", "BACKWARD")
            .waitingFor(
                Wait.forHttp(ApicurioRegistry.CCOMPAT_PATH + "/subjects")
                    .forStatusCode(200)
                    .withStartupTimeout(Duration.ofMinutes(3)));
    ElasticsearchContainer elasticsearch =
        new ElasticsearchContainer(
                DockerImageName.parse(ELASTICSEARCH_IMAGE)
                    .asCompatibleSubstituteFor("docker.elastic.co/elasticsearch/elasticsearch"))
            .withEnv("xpack.security.enabled", "false")
            .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
    java.util.stream.Stream.of(kafka, registry, elasticsearch)
        .parallel()
        .forEach(GenericContainer::start);
    return new ContainerStack(kafka, registry, elasticsearch);
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return "http://"
        + registry.getHost()
        + ":"
        + registry.getMappedPort(8080)
        + ApicurioRegistry.CCOMPAT_PATH;
  }

  @Override
  public String elasticsearchUrl() {
    return "http://" + elasticsearch.getHttpHostAddress();
  }

  @Override
  public String kind() {
    return "containers";
  }

  @Override
  public void createTopics(Collection<TopicSpec> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      EmbeddedKafka.createTopics(admin, topics);
    }
  }

  @Override
  public void close() {
    java.util.stream.Stream.of(elasticsearch, registry, kafka)
        .parallel()
        .forEach(GenericContainer::stop);
  }
}
