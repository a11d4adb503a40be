/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quell.deploy.QuellCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code quell eval alertmanager-compare} on the demo's alerts, replayed 300 times faster than
 * event time to a real Alertmanager (the Debian package, which {@code .ci/run} installs).
 */
class AlertmanagerCompareCommandTest {

  @Test
  void shouldReportNotificationsAndRatesOfQuellAndARealAlertmanagerOnTheSameAlerts(
      @TempDir Path dir) throws Exception {
    assumeTrue(
        Files.isExecutable(AlertmanagerComparison.DEFAULT_BINARY),
        AlertmanagerComparison.DEFAULT_BINARY
            + " is not installed (Debian package prometheus-alertmanager; .ci/run installs it):"
            + " skipping the comparison");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = QuellCommand.commandLine();
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code =
        cmd.execute(
            "eval",
            "alertmanager-compare",
            "--scenario",
            "demo",
            "--speed",
            "300",
            "--work-dir",
            dir.toString());

    assertThat(code).as(err + "\n" + out).isZero();
    // The demo's slowdown: Quell tells one incident; Alertmanager, grouping by service, one group
    // per alerting service, each notified at least once.
    int[] quell = row(out.toString(), "quell");
    int[] alertmanager = row(out.toString(), "alertmanager");
    assertThat(quell[1]).as("quell incidents").isEqualTo(1);
    assertThat(quell[0]).as("quell notifications").isPositive();
    assertThat(alertmanager[1]).as("alertmanager groups").isGreaterThan(1);
    assertThat(alertmanager[0])
        .as("alertmanager notifications")
        .isGreaterThanOrEqualTo(alertmanager[1]);
    assertThat(quell[2]).as("quell alerts/s").isPositive();
    assertThat(alertmanager[2]).as("alertmanager alerts/s").isPositive();
    assertThat(Files.readString(dir.resolve("alertmanager.yml")))
        .contains("group_by: [service]", "group_wait: 100ms", "inhibit_rules");
  }

  /** notifications, groups, alerts/s of one side's row. */
  private static int[] row(String out, String side) {
    Matcher m =
        Pattern.compile("(?m)^" + side + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$").matcher(out);
    assertThat(m.find()).as("row %s in:%n%s", side, out).isTrue();
    return new int[] {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
    };
  }
}
