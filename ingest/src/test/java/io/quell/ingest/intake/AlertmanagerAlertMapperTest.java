/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerAlertMapperTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlertmanagerAlertMapper mapper = new AlertmanagerAlertMapper();

  private static ObjectNode record(String json) throws Exception {
    return (ObjectNode) JSON.readTree(json);
  }

  private static String alert(String status, String labels, String endsAt, String fingerprint) {
    return "{\"status\":\""
        + status
        + "\",\"labels\":"
        + labels
        + ",\"annotations\":{\"summary\":\"p99 above 2s\",\"runbook_url\":\"https://r/x\"},"
        + "\"startsAt\":\"2026-03-01T08:06:12.345678901Z\","
        + "\"endsAt\":\""
        + endsAt
        + "\",\"generatorURL\":\"http://prometheus:9090/graph?g0.expr=x\""
        + (fingerprint == null ? "" : ",\"fingerprint\":\"" + fingerprint + "\"")
        + "}";
  }

  private static final String LABELS =
      "{\"alertname\":\"HighLatency\",\"severity\":\"critical\",\"service\":\"checkout-api\","
          + "\"job\":\"checkout\",\"instance\":\"10.0.0.7:8080\"}";

  @Test
  void shouldMapEveryFieldOfAFiringAlert() throws Exception {
    Alert alert =
        mapper.map(record(alert("firing", LABELS, "0001-01-01T00:00:00Z", "5c7fe1a2b3c4d5e6")));

    assertThat(alert.getFingerprint()).isEqualTo("5c7fe1a2b3c4d5e6");
    assertThat(alert.getName()).isEqualTo("HighLatency");
    assertThat(alert.getSource()).isEqualTo("alertmanager");
    assertThat(alert.getStatus()).isEqualTo(AlertStatus.FIRING);
    assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(alert.getService()).isEqualTo("checkout-api");
    assertThat(alert.getLabels())
        .containsEntry("alertname", "HighLatency")
        .containsEntry("instance", "10.0.0.7:8080")
        .hasSize(5);
    assertThat(alert.getAnnotations())
        .isEqualTo(Map.of("summary", "p99 above 2s", "runbook_url", "https://r/x"));
    assertThat(alert.getStartsAt()).isEqualTo(Instant.parse("2026-03-01T08:06:12.345Z"));
    assertThat(alert.getEndsAt()).isNull();
    assertThat(alert.getDetector()).isNull();
    assertThat(alert.getScore()).isNull();
    assertThat(alert.getEvidence()).isNull();
  }

  @Test
  void shouldKeepTheEndOfAResolvedAlert() throws Exception {
    Alert alert =
        mapper.map(record(alert("resolved", LABELS, "2026-03-01T08:11:00Z", "5c7fe1a2b3c4d5e6")));

    assertThat(alert.getStatus()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(alert.getEndsAt()).isEqualTo(Instant.parse("2026-03-01T08:11:00Z"));
  }

  @Test
  void shouldReadTheZeroEndAsNotEndedEvenWhenResolved() throws Exception {
    Alert alert =
        mapper.map(record(alert("resolved", LABELS, "0001-01-01T00:00:00Z", "5c7fe1a2b3c4d5e6")));

    assertThat(alert.getEndsAt()).isNull();
  }

  @Test
  void shouldDropTheExpiryGuessOfAFiringAlert() throws Exception {
    Alert alert =
        mapper.map(record(alert("firing", LABELS, "2026-03-01T08:10:00Z", "5c7fe1a2b3c4d5e6")));

    assertThat(alert.getEndsAt()).isNull();
  }

  @Test
  void shouldRefuseAnEndThatIsNoTime() throws Exception {
    assertThatThrownBy(() -> mapper.map(record(alert("resolved", LABELS, "soon", null))))
        .isInstanceOfSatisfying(
            InvalidRecordException.class, e -> assertThat(e.field()).isEqualTo("endsAt"));
  }

  @Test
  void shouldHashTheSortedLabelsWhenThereIsNoFingerprint() throws Exception {
    Alert withoutFingerprint =
        mapper.map(record(alert("firing", LABELS, "0001-01-01T00:00:00Z", null)));
    Alert withEmptyFingerprint =
        mapper.map(record(alert("firing", LABELS, "0001-01-01T00:00:00Z", "")));
    String reordered =
        "{\"instance\":\"10.0.0.7:8080\",\"job\":\"checkout\",\"service\":\"checkout-api\","
            + "\"severity\":\"critical\",\"alertname\":\"HighLatency\"}";
    Alert otherOrder = mapper.map(record(alert("resolved", reordered, "2026-03-01T08:11Z", null)));
    Alert otherLabels =
        mapper.map(
            record(
                alert(
                    "firing",
                    "{\"alertname\":\"HighLatency\",\"instance\":\"10.0.0.8:8080\"}",
                    "0001-01-01T00:00:00Z",
                    null)));

    assertThat(withoutFingerprint.getFingerprint()).matches("[0-9a-f]{16}");
    assertThat(withEmptyFingerprint.getFingerprint())
        .isEqualTo(withoutFingerprint.getFingerprint());
    assertThat(otherOrder.getFingerprint()).isEqualTo(withoutFingerprint.getFingerprint());
    assertThat(otherLabels.getFingerprint()).isNotEqualTo(withoutFingerprint.getFingerprint());
  }

  @Test
  void shouldKeepLabelBoundariesInTheFingerprint() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("a", "bc");
    Map<String, String> other = new LinkedHashMap<>();
    other.put("ab", "c");

    assertThat(AlertmanagerAlertMapper.fingerprintOf(one))
        .isNotEqualTo(AlertmanagerAlertMapper.fingerprintOf(other))
        .isEqualTo(AlertmanagerAlertMapper.fingerprintOf(Map.of("a", "bc")));
  }

  @ParameterizedTest
  @CsvSource({
    "critical, CRITICAL",
    "CRITICAL, CRITICAL",
    "Warning, WARNING",
    "info, INFO",
    "INFO, INFO",
    "page, WARNING",
    "'', WARNING"
  })
  void shouldMapTheSeverityLabel(String label, Severity expected) throws Exception {
    String labels = "{\"alertname\":\"A\",\"severity\":\"" + label + "\"}";

    assertThat(
            mapper.map(record(alert("firing", labels, "0001-01-01T00:00:00Z", "f"))).getSeverity())
        .isEqualTo(expected);
  }

  @Test
  void shouldDefaultToWarningAndTakeTheServiceFromTheJob() throws Exception {
    Alert alert =
        mapper.map(
            record(
                alert(
                    "firing",
                    "{\"alertname\":\"Down\",\"job\":\"cart\"}",
                    "0001-01-01T00:00:00Z",
                    "f")));

    assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
    assertThat(alert.getService()).isEqualTo("cart");
  }

  @Test
  void shouldLeaveTheServiceUnknownWithoutServiceOrJob() throws Exception {
    Alert alert =
        mapper.map(
            record(alert("firing", "{\"alertname\":\"Down\"}", "0001-01-01T00:00:00Z", "f")));

    assertThat(alert.getService()).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"firing\",\"startsAt\":\"2026-03-01T08:00:00Z\"} | labels | missing_field",
        "{\"status\":\"firing\",\"labels\":{\"job\":\"x\"},\"startsAt\":\"2026-03-01T08:00:00Z\"}"
            + " | labels.alertname | missing_field",
        "{\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2026-03-01T08:00:00Z\"} | status"
            + " | missing_field",
        "{\"status\":\"pending\",\"labels\":{\"alertname\":\"A\"},"
            + "\"startsAt\":\"2026-03-01T08:00:00Z\"} | status | invalid_field",
        "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\"}} | startsAt | missing_field",
        "{\"status\":\"firing\",\"labels\":{\"alertname\":[1]},"
            + "\"startsAt\":\"2026-03-01T08:00:00Z\"} | labels.alertname | invalid_field"
      })
  void shouldNameTheFieldAtFault(String json, String field, String reason) {
    assertThatThrownBy(() -> mapper.map(record(json)))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason().label()).isEqualTo(reason);
            });
  }

  // The reader: the webhook envelope.

  private final AlertmanagerPayloadReader reader = new AlertmanagerPayloadReader(64 * 1024, 100);

  private static byte[] payload(String version, String alerts) {
    return ("{"
            + (version == null ? "" : "\"version\":" + version + ",")
            + "\"groupKey\":\"{}:{alertname=\\\"HighLatency\\\"}\",\"status\":\"firing\","
            + "\"receiver\":\"quell\",\"groupLabels\":{\"alertname\":\"HighLatency\"},"
            + "\"commonLabels\":{\"alertname\":\"HighLatency\"},\"commonAnnotations\":{},"
            + "\"externalURL\":\"http://alertmanager:9093\",\"truncatedAlerts\":0,"
            + "\"alerts\":"
            + alerts
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadEveryAlertOfTheWebhookAndRejectTheBadOnesByPosition() throws Exception {
    String good = alert("firing", LABELS, "0001-01-01T00:00:00Z", "aaaa000000000001");
    String bad = "{\"status\":\"firing\",\"labels\":{\"job\":\"x\"},\"startsAt\":\"2026-03-01Z\"}";

    ParsedBatch<Alert> batch = reader.read(payload("\"4\"", "[" + good + "," + bad + ",7]"));

    assertThat(batch.accepted())
        .extracting(Alert::getFingerprint)
        .containsExactly("aaaa000000000001");
    assertThat(batch.rejectedCount()).isEqualTo(2);
    assertThat(batch.rejections())
        .extracting(Rejection::index, Rejection::field, Rejection::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, "labels.alertname", Rejection.Reason.MISSING_FIELD),
            org.assertj.core.groups.Tuple.tuple(2, null, Rejection.Reason.NOT_AN_OBJECT));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"'\"3\"' | invalid_field", "4 | invalid_field", "'\"five\"' | invalid_field"})
  void shouldRefuseAnotherVersionNamingTheField(String version, String reason) {
    assertThatThrownBy(() -> reader.read(payload(version, "[]")))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class,
            e -> {
              assertThat(e.field()).isEqualTo("version");
              assertThat(e.reason().label()).isEqualTo(reason);
              assertThat(e.getMessage()).contains("version").contains("\"4\"");
            });
  }

  @Test
  void shouldRefuseAWebhookWithoutVersionOrAlerts() {
    assertThatThrownBy(() -> reader.read(payload(null, "[]")))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("version"));
    assertThatThrownBy(() -> reader.read(payload("\"4\"", "{}")))
        .isInstanceOfSatisfying(
            InvalidPayloadException.class, e -> assertThat(e.field()).isEqualTo("alerts"));
    assertThatThrownBy(() -> reader.read("[]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(InvalidPayloadException.class, e -> assertThat(e.field()).isNull());
  }

  @Test
  void shouldReportMalformedJson() {
    assertThatThrownBy(() -> reader.read("{\"version\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void shouldRejectAnAlertWithMoreLabelsThanTheLimit() {
    AlertmanagerAlertMapper strict = new AlertmanagerAlertMapper(new RecordLimits(2, 1024));

    assertThatThrownBy(
            () ->
                strict.map(
                    record(
                        "{\"status\":\"firing\",\"labels\":{\"alertname\":\"A\",\"job\":\"x\","
                            + "\"env\":\"prod\"},\"startsAt\":\"2026-03-01T08:00:00Z\"}")))
        .isInstanceOfSatisfying(
            InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(Rejection.Reason.TOO_MANY_LABELS));
  }
}
