/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code quell up} in its own JVM, as a user runs it: up, takes events, stops on SIGTERM. */
class UpCommandTest {

  @Test
  void shouldRunThePipelineTakeEventsAndStopCleanlyLeavingNoProcessBehind() throws Exception {
    Path dir = Path.of("target", "up-command").toAbsolutePath();
    StackCommandsTest.deleteTree(dir);
    Files.createDirectories(dir);
    Path out = dir.resolve("up.out");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add("-Dquell.distributions=" + System.getProperty("quell.distributions"));
    command.add(QuellCommand.class.getName());
    command.addAll(List.of("up", "--dir", dir.resolve("stack").toString(), "--free-ports"));
    Process up =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !up.isAlive() || Files.readString(out).contains("Quell is up."));
      String printed = Files.readString(out);
      assertThat(up.isAlive()).as("quell up is running; its output:%n%s", printed).isTrue();
      assertThat(printed)
          .contains("Intake URL:")
          .contains("Kafka bootstrap servers:")
          .contains("Schema registry URL:")
          .contains("Elasticsearch URL:");
      Matcher intake = Pattern.compile("Intake URL: +(http://\\S+)").matcher(printed);
      assertThat(intake.find()).isTrue();

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(intake.group(1) + "/api/v1/logs"))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"timestamp\":\"2026-11-27T10:00:00Z\",\"service\":\"checkout\","
                                  + "\"level\":\"ERROR\",\"message\":\"payment timeout\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"accepted\":1");

      List<ProcessHandle> processes = new ArrayList<>(up.descendants().toList());
      processes.add(up.toHandle());
      up.destroy(); // SIGTERM, as Ctrl-C or a service manager would stop it
      assertThat(up.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
    } finally {
      up.destroyForcibly();
    }
  }
}
