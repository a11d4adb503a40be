/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quell.schemas.config.ConfigOption;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemediateOptionsTest {

  @Test
  void shouldListEveryOptionForTheGeneratedReference() throws IllegalAccessException {
    List<ConfigOption<?>> declared = new ArrayList<>();
    for (Field field : RemediateOptions.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        declared.add((ConfigOption<?>) field.get(null));
      }
    }

    assertThat(RemediateOptions.all()).containsExactlyInAnyOrderElementsOf(declared);
    assertThat(RemediateOptions.all()).extracting(ConfigOption::key).doesNotHaveDuplicates();
  }

  @Test
  void shouldPrefixRemediateKeysAndDescribeEveryOption() {
    for (ConfigOption<?> option : RemediateOptions.all()) {
      assertThat(option.description()).as(option.key()).isNotBlank();
      if (!List.of("bootstrap.servers", "elasticsearch.url").contains(option.key())) {
        assertThat(option.key()).startsWith(RemediateOptions.PREFIX);
      }
    }
  }

  @Test
  void shouldPassKafkaSecuritySettingsThroughAndNothingElse() {
    Map<String, Object> kafka =
        RemediateOptions.kafkaConnection(
            Map.of(
                "bootstrap.servers", "k1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/quell/trust.p12",
                "schema.registry.url", "http://registry",
                "quell.remediate.webhook.secret", "s3cret"));

    assertThat(kafka)
        .containsOnlyKeys(
            "bootstrap.servers", "security.protocol", "sasl.mechanism", "ssl.truststore.location");
    assertThatThrownBy(() -> RemediateOptions.kafkaConnection(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void shouldAllowOnlyTheWebhookHostUnlessAnAllowlistIsGiven() {
    Map<String, Object> webhookOnly =
        Map.of(RemediateOptions.WEBHOOK_URL.key(), "https://hooks.example.org:8443/quell");

    assertThat(RemediateOptions.allowedHosts(webhookOnly)).containsExactly("hooks.example.org");
    assertThat(
            RemediateOptions.allowedHosts(
                Map.of(
                    RemediateOptions.WEBHOOK_URL.key(), "https://hooks.example.org/quell",
                    RemediateOptions.ALLOWED_HOSTS.key(), " a.example.org, b.example.org:80 ,")))
        .containsExactly("a.example.org", "b.example.org:80");
    assertThat(RemediateOptions.allowedHosts(Map.of())).isEmpty();
  }

  @Test
  void shouldNameTheIncidentsIndexAfterThePrefix() {
    assertThat(RemediateOptions.incidentsIndex(Map.of())).isEqualTo("quell-incidents");
    assertThat(
            RemediateOptions.incidentsIndex(
                Map.of(RemediateOptions.INDEX_PREFIX.key(), "staging-")))
        .isEqualTo("staging-incidents");
  }

  @Test
  void shouldReadAuthorizationHeadersPerHostAndRefuseMalformedOnes() {
    assertThat(
            RemediateOptions.authorizations(
                Map.of(
                    RemediateOptions.DISPATCH_AUTHORIZATION.key(),
                    "Jira.Example.org=Basic dTp0; k8s.example.org:6443=Bearer a=b")))
        .containsOnly(
            Map.entry("jira.example.org", "Basic dTp0"),
            Map.entry("k8s.example.org:6443", "Bearer a=b"));
    assertThatThrownBy(
            () ->
                RemediateOptions.authorizations(
                    Map.of(RemediateOptions.DISPATCH_AUTHORIZATION.key(), "no-value")))
        .hasMessageContaining("host=value");
  }
}
