/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults written as text, as {@code quell simulate --fault} and the {@code
 * quell.ingest.simulator.faults} setting take them: {@code kind:target:start:duration}, for example
 * {@code slowdown:orders-db:6m:5m} or {@code memory-leak::2m:12m}.
 *
 * <ul>
 *   <li>{@code kind}: a {@link FaultKinds} id;
 *   <li>{@code target}: the root service; empty for the kind's default root; for a {@code
 *       partition} the two tiers on either side of the cut, callers first: {@code api/database};
 *   <li>{@code start} and {@code duration}: {@code 90s}, {@code 6m}, {@code 1h30m}, {@code 500ms}
 *       or ISO-8601 ({@code PT6M}); a plain number is seconds. Either may be left out (then the
 *       defaults given apply).
 * </ul>
 */
public final class FaultSpec {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h))+");
  private static final String FORMAT =
      "kind:target:start:duration, e.g. slowdown:orders-db:6m:5m, memory-leak::2m:12m or"
          + " partition:api/database:10m:2m";

  private FaultSpec() {}

  /**
   * The faults in {@code specs}, separated by commas, semicolons or white space, with ids {@code
   * fault-1}, {@code fault-2}, … in the order given.
   *
   * @throws IllegalArgumentException naming the faulty entry and what is wrong with it
   */
  public static List<Fault> parseAll(
      String specs, Topology topology, Duration defaultStart, Duration defaultDuration) {
    List<Fault> faults = new ArrayList<>();
    for (String spec : specs.strip().split("[,;\\s]+")) {
      if (!spec.isEmpty()) {
        faults.add(
            parse(spec, "fault-" + (faults.size() + 1), topology, defaultStart, defaultDuration));
      }
    }
    return faults;
  }

  /**
   * One fault.
   *
   * @throws IllegalArgumentException naming {@code spec} and what is wrong with it
   */
  public static Fault parse(
      String spec, String id, Topology topology, Duration defaultStart, Duration defaultDuration) {
    String[] parts = spec.strip().split(":", -1);
    if (parts.length > 4 || parts[0].isBlank()) {
      throw new IllegalArgumentException("Fault '" + spec + "' must be " + FORMAT);
    }
    try {
      FaultKind kind = FaultKinds.byId(parts[0]);
      String target = parts.length > 1 ? parts[1].strip() : "";
      String root;
      if (kind.id().equals(FaultKinds.PARTITION.id())) {
        kind = partition(target);
        root = kind.defaultRoot(topology);
      } else if (target.isEmpty()) {
        root = kind.defaultRoot(topology);
      } else {
        root = target;
      }
      Duration start =
          parts.length > 2 && !parts[2].isBlank() ? duration(parts[2], "start") : defaultStart;
      Duration duration =
          parts.length > 3 && !parts[3].isBlank()
              ? duration(parts[3], "duration")
              : defaultDuration;
      return new Fault(id, kind, root, start, duration, Propagation.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Fault '" + spec + "': " + e.getMessage(), e);
    }
  }

  /** A partition between the tiers of {@code target} ({@code callers/callees}; empty: API/DB). */
  private static FaultKind partition(String target) {
    if (target.isEmpty()) {
      return FaultKinds.PARTITION;
    }
    String[] tiers = target.split("/", -1);
    if (tiers.length != 2) {
      throw new IllegalArgumentException(
          "a partition names the tiers on either side of the cut, callers first, such as"
              + " api/database, not '"
              + target
              + "'");
    }
    return FaultKinds.partition(Tier.of(tiers[0]), Tier.of(tiers[1]));
  }

  /** Reads {@code 90s}, {@code 6m}, {@code 1h30m}, {@code 500ms}, {@code PT6M} or {@code 90}. */
  public static Duration duration(String text, String what) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(value));
    }
    if (DURATION.matcher(value).matches()) {
      Duration total = Duration.ZERO;
      Matcher matcher = PART.matcher(value);
      while (matcher.find()) {
        long amount = Long.parseLong(matcher.group(1));
        total =
            total.plus(
                switch (matcher.group(2)) {
                  case "ms" -> Duration.ofMillis(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  default -> Duration.ofHours(amount);
                });
      }
      return total;
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "the " + what + " '" + text + "' is not a duration such as 90s, 6m, 1h30m or PT6M", e);
    }
  }
}
