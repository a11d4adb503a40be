/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.testing;

import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.Evidence;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.LogEvent;
import io.quell.schemas.avro.LogLevel;
import io.quell.schemas.avro.LogTemplate;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.MetricPoint;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Suppression;
import io.quell.schemas.avro.TopologyEdge;
import io.quell.schemas.avro.Weekday;
import io.quell.schemas.avro.WeeklyRecurrence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One filled-in record of every top-level schema, at named instants: for serde tests here and,
 * through the test-jar, for tests of the other modules that need realistic records.
 */
public final class SampleRecords {

  public static final Instant OUTAGE_START = Instant.parse("2026-03-02T09:15:00.123Z");
  public static final Instant FIRST_ALERT = OUTAGE_START.plusSeconds(30);
  public static final Instant SECOND_ALERT = OUTAGE_START.plusSeconds(75);
  public static final Instant RESOLVED = OUTAGE_START.plusSeconds(600);
  public static final Instant DISPATCHED = Instant.parse("2026-03-02T09:16:31.500Z");

  private SampleRecords() {}

  public static LogEvent logEvent() {
    return LogEvent.newBuilder()
        .setTimestamp(OUTAGE_START)
        .setService("checkout")
        .setHost("checkout-7f9c-x2")
        .setLevel(LogLevel.ERROR)
        .setMessage("Connection to db-main:5432 refused after 3 retries")
        .setAttributes(Map.of("logger", "db.pool", "trace_id", "4bf92f3577b34da6"))
        .build();
  }

  /** A log event with only the required fields set. */
  public static LogEvent minimalLogEvent() {
    return LogEvent.newBuilder()
        .setTimestamp(OUTAGE_START)
        .setService("checkout")
        .setMessage("started")
        .build();
  }

  public static MetricPoint metricPoint() {
    return MetricPoint.newBuilder()
        .setTimestamp(OUTAGE_START)
        .setName("http_requests_total")
        .setLabels(Map.of("service", "checkout", "code", "500"))
        .setValue(1234.5)
        .build();
  }

  public static Alert alert() {
    return Alert.newBuilder()
        .setFingerprint("a1b2c3d4")
        .setName("LogErrorBurst")
        .setSource("log-template-detector")
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.CRITICAL)
        .setService("checkout")
        .setLabels(Map.of("service", "checkout", "alertname", "LogErrorBurst"))
        .setAnnotations(Map.of("summary", "Burst of connection errors"))
        .setDetector("log-template-detector")
        .setScore(0.97)
        .setStartsAt(FIRST_ALERT)
        .setEndsAt(null)
        .setEvidence(
            Evidence.newBuilder()
                .setTemplateId("t-17")
                .setTemplateText("Connection to <*> refused after <*> retries")
                .setObservedValue(57.0)
                .setExpectedValue(0.4)
                .setWindowStart(OUTAGE_START)
                .setWindowEnd(FIRST_ALERT)
                .setExampleMessage("Connection to db-main:5432 refused after 3 retries")
                .setDescription("57 lines of template t-17 in 30 s, about 0.4 expected")
                .build())
        .build();
  }

  public static Incident incident() {
    JoinReason first = JoinReason.newBuilder().setKind(JoinRuleKind.FIRST_ALERT).build();
    JoinReason topology =
        JoinReason.newBuilder()
            .setKind(JoinRuleKind.TOPOLOGY)
            .setRelatedFingerprint("a1b2c3d4")
            .setDetail("checkout calls payments (HTTP)")
            .build();
    return Incident.newBuilder()
        .setId("inc-2026-03-02-0001")
        .setVersion(3)
        .setStatus(IncidentStatus.UPDATED)
        .setTitle("LogErrorBurst on checkout")
        .setSeverity(Severity.CRITICAL)
        .setServices(List.of("checkout", "payments"))
        .setAlerts(
            List.of(
                MemberAlert.newBuilder()
                    .setFingerprint("a1b2c3d4")
                    .setName("LogErrorBurst")
                    .setService("checkout")
                    .setSeverity(Severity.CRITICAL)
                    .setStatus(AlertStatus.FIRING)
                    .setFirstSeen(FIRST_ALERT)
                    .setLastSeen(SECOND_ALERT)
                    .setOccurrences(4)
                    .setJoinReason(first)
                    .build(),
                MemberAlert.newBuilder()
                    .setFingerprint("e5f6a7b8")
                    .setName("HighLatency")
                    .setService("payments")
                    .setStatus(AlertStatus.FIRING)
                    .setFirstSeen(SECOND_ALERT)
                    .setLastSeen(SECOND_ALERT)
                    .setOccurrences(1)
                    .setJoinReason(topology)
                    .build()))
        .setRootCauses(
            List.of(
                RootCauseCandidate.newBuilder()
                    .setRank(1)
                    .setService("payments")
                    .setScore(0.81)
                    .setEvidence("alerted first among the callees of checkout")
                    .build()))
        .setFirstSeen(FIRST_ALERT)
        .setLastSeen(SECOND_ALERT)
        .setContinuedFrom("inc-2026-03-01-0007")
        .setLabels(Map.of("env", "prod"))
        .setSuppression(
            Suppression.newBuilder()
                .setSilenceId("maint-db")
                .setKind(SilenceKind.MAINTENANCE)
                .setReason("db failover drill")
                .build())
        .build();
  }

  public static RemediationAction remediationAction() {
    return RemediationAction.newBuilder()
        .setActionId("inc-2026-03-02-0001/3/restart-checkout/0")
        .setIncidentId("inc-2026-03-02-0001")
        .setIncidentVersion(3)
        .setRule("restart-checkout")
        .setStepIndex(0)
        .setStepName("notify")
        .setKind(ActionKind.SLACK)
        .setTargetUrl("http://127.0.0.1:9/hooks/oncall")
        .setPayload("{\"text\":\"checkout is failing\"}")
        .setDryRun(true)
        .setRequiresApproval(false)
        .setCreatedAt(SECOND_ALERT)
        .setDeadline(SECOND_ALERT.plusSeconds(300))
        .build();
  }

  public static ActionResult actionResult() {
    return ActionResult.newBuilder()
        .setActionId("inc-2026-03-02-0001/3/restart-checkout/0")
        .setIncidentId("inc-2026-03-02-0001")
        .setIncidentVersion(3)
        .setOutcome(ActionOutcome.FAILED)
        .setHttpStatus(503)
        .setAttempts(3)
        .setError("receiver answered 503 three times")
        .setStartedAt(DISPATCHED)
        .setFinishedAt(DISPATCHED.plusSeconds(7))
        .build();
  }

  public static Silence silence() {
    return Silence.newBuilder()
        .setId("maint-db")
        .setKind(SilenceKind.MAINTENANCE)
        .setMatchers(
            List.of(
                Matcher.newBuilder().setName("service").setValue("db-main").build(),
                Matcher.newBuilder()
                    .setName("alertname")
                    .setValue("Disk.*")
                    .setOperator(MatchOperator.REGEX_NOT_MATCH)
                    .build()))
        .setStartsAt(Instant.parse("2026-03-01T00:00:00Z"))
        .setEndsAt(Instant.parse("2026-06-01T00:00:00Z"))
        .setRecurrence(
            WeeklyRecurrence.newBuilder()
                .setDaysOfWeek(List.of(Weekday.TUESDAY, Weekday.THURSDAY))
                .setStartMinuteOfDay(120)
                .setDurationMinutes(90)
                .setTimeZone("Europe/Berlin")
                .build())
        .setComment("CHG-4711 weekly failover drill")
        .setCreatedBy("alice")
        .setCreatedAt(Instant.parse("2026-02-27T16:00:00Z"))
        .build();
  }

  public static TopologyEdge topologyEdge() {
    return TopologyEdge.newBuilder()
        .setCaller("checkout")
        .setCallee("payments")
        .setKind(EdgeKind.HTTP)
        .setWeight(0.6)
        .build();
  }

  public static LogTemplate logTemplate() {
    return LogTemplate.newBuilder()
        .setTemplateId("t-17")
        .setService("checkout")
        .setTemplate("Connection to <*> refused after <*> retries")
        .setExampleMessage("Connection to db-main:5432 refused after 3 retries")
        .setCount(57)
        .setFirstSeen(OUTAGE_START)
        .setLastSeen(FIRST_ALERT)
        .build();
  }

  /** One record of every top-level schema (the value types of the Avro topics). */
  public static List<SpecificRecord> all() {
    return List.of(
        logEvent(),
        metricPoint(),
        alert(),
        incident(),
        remediationAction(),
        actionResult(),
        silence(),
        topologyEdge(),
        logTemplate());
  }
}
