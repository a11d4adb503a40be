/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.quell.deploy.QuellCommand;
import io.quell.remediate.index.ActionDocuments;
import io.quell.remediate.index.BulkIndexer;
import io.quell.remediate.index.IncidentDocuments;
import io.quell.remediate.index.IncidentRemediation;
import io.quell.remediate.index.QuellIndices;
import io.quell.remediate.index.QuellIndices.Kind;
import io.quell.schemas.avro.ActionKind;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.JoinReason;
import io.quell.schemas.avro.JoinRuleKind;
import io.quell.schemas.avro.MemberAlert;
import io.quell.schemas.avro.RemediationAction;
import io.quell.schemas.avro.RootCauseCandidate;
import io.quell.schemas.avro.Severity;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code quell incidents list|show} against the real Elasticsearch of the test stack. */
@ExtendWith(QuellStackExtension.class)
class IncidentsCommandTest {

  private static final Instant T0 = Instant.parse("2026-03-02T09:15:30Z");
  private static final String PREFIX = "cli-" + ProcessHandle.current().pid() + "-";
  private static String url;

  @BeforeAll
  static void indexIncidents(QuellStack stack) throws Exception {
    url = stack.elasticsearchUrl();
    ElasticsearchClient client = BulkIndexer.client(url);
    try {
      QuellIndices indices = new QuellIndices(client, PREFIX, Duration.ofDays(30));
      indices.install();
      List<Incident> versions =
          List.of(
              incident("inc-checkout", 1, Severity.WARNING, IncidentStatus.OPEN, 1, "checkout"),
              incident("inc-checkout", 2, Severity.CRITICAL, IncidentStatus.UPDATED, 2, "payments"),
              incident(
                  "inc-checkout", 3, Severity.CRITICAL, IncidentStatus.RESOLVED, 2, "payments"),
              incident("inc-search", 1, Severity.WARNING, IncidentStatus.OPEN, 1, "search"),
              incident("inc-db", 1, Severity.CRITICAL, IncidentStatus.OPEN, 1, "db"));
      BulkRequest.Builder bulk = new BulkRequest.Builder().refresh(Refresh.True);
      for (Incident incident : versions) {
        bulk.operations(
            op ->
                op.index(
                    write ->
                        write
                            .index(indices.name(Kind.INCIDENTS))
                            .id(incident.getId())
                            .version(incident.getVersion())
                            .versionType(
                                co.elastic.clients.elasticsearch._types.VersionType.External)
                            .document(document(incident))));
        bulk.operations(
            op ->
                op.create(
                    write ->
                        write
                            .index(indices.name(Kind.TIMELINE))
                            .id(IncidentDocuments.timelineId(incident))
                            .document(IncidentDocuments.toTimelineDocument(incident))));
      }
      // Breaker notes of an incident not indexed yet: a placeholder, which is no incident.
      var placeholder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      placeholder.put("id", "inc-later");
      placeholder.set("remediation", IncidentRemediation.merge(null, breakerNote("inc-later")));
      bulk.operations(
          op ->
              op.index(
                  write ->
                      write
                          .index(indices.name(Kind.INCIDENTS))
                          .id("inc-later")
                          .version(0L)
                          .versionType(
                              co.elastic.clients.elasticsearch._types.VersionType.ExternalGte)
                          .document(placeholder)));
      RemediationAction action =
          RemediationAction.newBuilder()
              .setActionId("critical-incident-webhook/0/abc")
              .setIncidentId("inc-checkout")
              .setIncidentVersion(2)
              .setRule("critical-incident-webhook")
              .setStepIndex(0)
              .setStepName("notify-webhook")
              .setKind(ActionKind.GENERIC_WEBHOOK)
              .setTargetUrl("http://hooks.example.com/quell")
              .setPayload("{}")
              .setCreatedAt(T0.plusSeconds(60))
              .build();
      ActionResult result =
          ActionResult.newBuilder()
              .setActionId(action.getActionId())
              .setIncidentId("inc-checkout")
              .setIncidentVersion(2)
              .setOutcome(ActionOutcome.SUCCEEDED)
              .setHttpStatus(202)
              .setAttempts(2)
              .setFinishedAt(T0.plusSeconds(61))
              .build();
      for (var doc : List.of(ActionDocuments.step(action), ActionDocuments.result(result))) {
        bulk.operations(
            op ->
                op.update(
                    write ->
                        write
                            .index(indices.name(Kind.ACTIONS))
                            .id(action.getActionId())
                            .action(a -> a.doc(doc).docAsUpsert(true))));
      }
      var response = client.bulk(bulk.build());
      assertThat(response.errors()).as(response.toString()).isFalse();
    } finally {
      client._transport().close();
    }
  }

  @Test
  void shouldListIncidentsMostRecentFirstWithFilters() {
    Run all = quell("incidents", "list");
    assertThat(all.code).isZero();
    List<String> rows = all.out.lines().filter(line -> line.startsWith("  inc-")).toList();
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).startsWith("  inc-checkout").contains("RESOLVED", "payments");
    assertThat(all.out).contains("ID", "SEVERITY", "ROOT CAUSE", "3 incidents from " + PREFIX);

    Run open = quell("incidents", "list", "--status", "open", "--severity", "critical");
    assertThat(open.out.lines().filter(line -> line.startsWith("  inc-")))
        .singleElement()
        .asString()
        .startsWith("  inc-db");

    Run limited = quell("incidents", "list", "--limit", "1");
    assertThat(limited.out).contains("1 incident from");

    Run none = quell("incidents", "list", "--status", "closed");
    assertThat(none.out).contains("No incidents in " + PREFIX + "incidents");
  }

  @Test
  void shouldShowAnIncidentWithItsTimelineAndSteps() {
    Run show = quell("incidents", "show", "inc-checkout");

    assertThat(show.code).as(show.err).isZero();
    assertThat(show.out)
        .contains("Incident inc-checkout (version 3)")
        .contains("status:      RESOLVED")
        .contains("Timeline (3 versions):")
        .contains("opened with 1 alert")
        .contains("severity WARNING → CRITICAL, root cause checkout → payments, +1 alert")
        .contains("status UPDATED → RESOLVED")
        .contains("Remediation steps (1):")
        .contains("notify-webhook")
        .contains("hooks.example.com")
        .contains("SUCCEEDED");
    List<String> timeline =
        show.out.lines().dropWhile(line -> !line.startsWith("Timeline")).skip(2).limit(3).toList();
    assertThat(timeline.get(0)).contains(" 1 ", "OPEN");
    assertThat(timeline.get(2)).contains(" 3 ", "RESOLVED");
  }

  @Test
  void shouldSayWhenTheIncidentDoesNotExist() {
    Run show = quell("incidents", "show", "inc-nope");
    Run placeholder = quell("incidents", "show", "inc-later");

    assertThat(show.code).isEqualTo(1);
    assertThat(show.err).contains("No incident 'inc-nope' in " + PREFIX + "incidents");
    assertThat(placeholder.code).isEqualTo(1);
  }

  @Test
  void shouldShowThatTheCircuitBreakerHeldTheAutomaticSteps() {
    Run show = quell("incidents", "show", "inc-db");

    assertThat(show.code).as(show.err).isZero();
    assertThat(show.out)
        .contains(
            "  remediation: automatic steps held by the circuit breaker since "
                + T0.plusSeconds(30)
                + " (23 incidents open, limit 20; 1 steps held); the breaker closed at "
                + T0.plusSeconds(630));
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode document(Incident incident) {
    var doc = IncidentDocuments.toDocument(incident);
    if (incident.getId().equals("inc-db")) {
      var held = IncidentRemediation.merge(null, breakerNote("inc-db"));
      ActionResult closed = breakerNote("inc-db");
      closed.getBreaker().setState(BreakerState.CLOSED);
      closed.getBreaker().setOpenIncidents(12);
      closed.getBreaker().setClosedAt(T0.plusSeconds(630));
      doc.set("remediation", IncidentRemediation.merge(held, closed));
    }
    return doc;
  }

  private static ActionResult breakerNote(String incidentId) {
    return ActionResult.newBuilder()
        .setActionId("scale/0/" + incidentId)
        .setIncidentId(incidentId)
        .setIncidentVersion(1)
        .setOutcome(ActionOutcome.REFUSED)
        .setAttempts(0)
        .setError("circuit breaker open")
        .setFinishedAt(T0.plusSeconds(30))
        .setBreaker(
            BreakerNote.newBuilder()
                .setState(BreakerState.OPEN)
                .setOpenIncidents(23)
                .setLimit(20)
                .setHeldAt(T0.plusSeconds(30))
                .build())
        .build();
  }

  private record Run(int code, String out, String err) {}

  private static Run quell(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--set",
            "elasticsearch.url=" + url,
            "--set",
            "quell.remediate.elasticsearch.index.prefix=" + PREFIX));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = QuellCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private static Incident incident(
      String id, long version, Severity severity, IncidentStatus status, int alerts, String cause) {
    List<MemberAlert> members = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      members.add(
          MemberAlert.newBuilder()
              .setFingerprint(id + "-a" + i)
              .setName(i == 0 ? "HighErrorRate" : "HighLatency")
              .setService(i == 0 ? "checkout" : "payments")
              .setSeverity(severity)
              .setStatus(AlertStatus.FIRING)
              .setFirstSeen(T0)
              .setLastSeen(T0.plusSeconds(60L * version))
              .setOccurrences(1)
              .setJoinReason(
                  JoinReason.newBuilder()
                      .setKind(i == 0 ? JoinRuleKind.FIRST_ALERT : JoinRuleKind.TOPOLOGY)
                      .build())
              .build());
    }
    Instant lastSeen = T0.plusSeconds(60L * version + (id.equals("inc-checkout") ? 600 : 0));
    return Incident.newBuilder()
        .setId(id)
        .setVersion(version)
        .setStatus(status)
        .setTitle("Trouble on " + cause)
        .setSeverity(severity)
        .setServices(List.of("checkout", cause))
        .setAlerts(members)
        .setRootCauses(
            List.of(
                RootCauseCandidate.newBuilder()
                    .setRank(1)
                    .setService(cause)
                    .setScore(0.9)
                    .setEvidence("most depended upon")
                    .build()))
        .setFirstSeen(T0)
        .setLastSeen(lastSeen)
        .setResolvedAt(status == IncidentStatus.RESOLVED ? lastSeen : null)
        .setLabels(Map.of("env", "prod"))
        .build();
  }
}
