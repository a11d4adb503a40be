/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import io.quell.schemas.topic.QuellTopic;
import io.quell.schemas.topic.TopicDefinition;
import io.quell.schemas.topic.Topics;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code quell topics}: the topics Quell uses, what travels on them and how they are keyed. */
@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = {
      "List Quell's topics: name, partitions, cleanup policy, key and value format.",
      "Names follow quell.topic.* settings (system properties here)."
    })
public final class TopicsCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    java.util.Map<String, String> config = new java.util.HashMap<>();
    System.getProperties().forEach((k, v) -> config.put(String.valueOf(k), String.valueOf(v)));
    print(Topics.fromConfig(config), spec.commandLine().getOut());
    return 0;
  }

  static void print(Topics topics, java.io.PrintWriter out) {
    String format = "%-22s %10s  %-8s %-7s %-18s %s%n";
    out.printf(format, "TOPIC", "PARTITIONS", "CLEANUP", "KEY", "VALUE", "DESCRIPTION");
    for (TopicDefinition d : topics.definitions()) {
      QuellTopic<?, ?> t = d.topic();
      String value =
          t.valueFormat() == QuellTopic.Format.AVRO
              ? t.valueType().getSimpleName()
              : t.valueFormat().name().toLowerCase(java.util.Locale.ROOT);
      out.printf(
          format,
          d.name(),
          d.partitions(),
          d.compacted() ? "compact" : "delete",
          t.keyFormat().name().toLowerCase(java.util.Locale.ROOT),
          value,
          t.description());
    }
  }
}
