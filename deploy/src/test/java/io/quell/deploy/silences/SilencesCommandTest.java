/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.silences;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.core.suppress.SilenceRule;
import io.quell.deploy.QuellCommand;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Weekday;
import io.quell.schemas.testing.QuellTestTopics;
import io.quell.schemas.topic.Topics;
import io.quell.stack.QuellStack;
import io.quell.stack.QuellStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code quell silences add|list|expire} against the embedded stack's Kafka and registry. */
@ExtendWith(QuellStackExtension.class)
class SilencesCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run run(Map<String, Object> config, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (String key : List.of("bootstrap.servers", "schema.registry.url", Topics.PREFIX.key())) {
      all.add("--set");
      all.add(key + "=" + config.get(key));
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = QuellCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void shouldAddListAndExpireSilencesOnTheCompactedTopicAsTheCorrelatorReadsThem(QuellStack stack) {
    Map<String, Object> config = QuellTestTopics.create(stack, "silences-command").config();

    Run added =
        run(
            config,
            "silences",
            "add",
            "--id",
            "db-upgrade",
            "-m",
            "service=\"orders-db\"",
            "-m",
            "severity=~\"warning|info\"",
            "--duration",
            "2h",
            "--comment",
            "CHG-1234");
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(added.out().strip()).isEqualTo("db-upgrade");
    Run weekly =
        run(
            config,
            "silences",
            "add",
            "--id",
            "patching",
            "--kind",
            "MAINTENANCE",
            "-m",
            "tier=\"database\"",
            "--starts",
            "2026-01-01T00:00:00Z",
            "--ends",
            "2030-01-01T00:00:00Z",
            "--weekly",
            "TUE,thu",
            "--at",
            "02:00",
            "--for",
            "2h",
            "--zone",
            "Europe/Berlin");
    assertThat(weekly.code()).as(weekly.err()).isZero();

    Map<String, Silence> stored = new SilenceStore(config).current();
    assertThat(stored).containsOnlyKeys("db-upgrade", "patching");
    Silence upgrade = stored.get("db-upgrade");
    assertThat(upgrade.getKind()).isEqualTo(SilenceKind.SILENCE);
    assertThat(upgrade.getComment()).isEqualTo("CHG-1234");
    // What the correlator makes of the record: it mutes warnings of orders-db now, not criticals.
    Instant now = Instant.now();
    SilenceRule rule = SilenceRule.of(upgrade);
    assertThat(
            rule.mutes(Map.of("service", "orders-db", "severity", "warning"), now.toEpochMilli()))
        .isTrue();
    assertThat(
            rule.mutes(Map.of("service", "orders-db", "severity", "critical"), now.toEpochMilli()))
        .isFalse();
    Silence patching = stored.get("patching");
    assertThat(patching.getRecurrence().getDaysOfWeek())
        .containsExactly(Weekday.TUESDAY, Weekday.THURSDAY);
    assertThat(patching.getRecurrence().getStartMinuteOfDay()).isEqualTo(120);
    assertThat(patching.getRecurrence().getDurationMinutes()).isEqualTo(120);

    Run listed = run(config, "silences", "list");
    assertThat(listed.code()).as(listed.err()).isZero();
    assertThat(listed.out())
        .contains("db-upgrade", "active", "service=\"orders-db\",severity=~\"warning|info\"")
        .contains("patching", "MAINTENANCE", "weekly TUE,THU 02:00 for 120 min Europe/Berlin");

    Run expired = run(config, "silences", "expire", "db-upgrade");
    assertThat(expired.code()).as(expired.err()).isZero();
    assertThat(expired.out()).contains("expired db-upgrade");
    Silence ended = new SilenceStore(config).current().get("db-upgrade");
    assertThat(ended.getEndsAt()).isBeforeOrEqualTo(Instant.now());
    assertThat(
            SilenceRule.of(ended)
                .mutes(Map.of("service", "orders-db"), Instant.now().toEpochMilli()))
        .isFalse();
    assertThat(run(config, "silences", "list").out()).doesNotContain("db-upgrade");
    assertThat(run(config, "silences", "list", "--all").out()).contains("db-upgrade", "expired");

    Run deleted = run(config, "silences", "expire", "--delete", "patching");
    assertThat(deleted.code()).as(deleted.err()).isZero();
    assertThat(new SilenceStore(config).current()).containsOnlyKeys("db-upgrade");

    Run unknown = run(config, "silences", "expire", "no-such-silence");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.err()).contains("No silence no-such-silence");
  }

  @Test
  void shouldRefuseABadMatcherOrAnEndBeforeTheStartWithoutWritingAnything(QuellStack stack) {
    Map<String, Object> config = QuellTestTopics.create(stack, "silences-refused").config();
    Run badRegex = run(config, "silences", "add", "-m", "service=~\"(\"");
    assertThat(badRegex.code()).isEqualTo(2);
    assertThat(badRegex.err()).contains("--matcher");
    Run backwards =
        run(
            config,
            "silences",
            "add",
            "-m",
            "service=\"a\"",
            "--starts",
            "2026-01-02T00:00:00Z",
            "--ends",
            "2026-01-01T00:00:00Z");
    assertThat(backwards.code()).isEqualTo(2);
    assertThat(backwards.err()).contains("must come after the start");
    assertThat(new SilenceStore(config).current()).isEmpty();
  }
}
