/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.silences;

import io.quell.correlate.core.suppress.LabelMatcher;
import io.quell.deploy.config.ConfigMixin;
import io.quell.ingest.simulator.FaultSpec;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Weekday;
import io.quell.schemas.avro.WeeklyRecurrence;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code quell silences}: create, list and expire silences and maintenance windows on the compacted
 * {@code quell.silences} topic, which the correlate job follows while it runs.
 */
@Command(
    name = "silences",
    mixinStandardHelpOptions = true,
    description =
        "Create, list and expire silences and maintenance windows (the compacted quell.silences"
            + " topic; the correlate job applies changes while it runs).",
    subcommands = {
      SilencesCommand.Add.class,
      SilencesCommand.ListSilences.class,
      SilencesCommand.Expire.class
    })
public final class SilencesCommand implements Runnable {
  @Spec CommandSpec spec;

  /** The clock the commands read "now" from; tests may replace it. */
  static Clock clock = Clock.systemUTC();

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code quell silences add}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Create (or, with the id of an existing one, replace) a silence and print its id.",
        "Example: quell silences add --local -m 'service=\"orders-db\"' --duration 2h"
            + " --comment CHG-1234"
      })
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Option(
        names = {"-m", "--matcher"},
        required = true,
        paramLabel = "MATCHER",
        description =
            "A label condition, as in Alertmanager: name=\"value\", name!=\"value\","
                + " name=~\"regex\", name!~\"regex\" (repeatable; all must hold). alertname,"
                + " service and severity match the alert's own when it has no such label.")
    List<String> matchers;

    @Option(names = "--id", paramLabel = "ID", description = "Silence id (default: a new one).")
    String id;

    @Option(
        names = "--kind",
        paramLabel = "KIND",
        defaultValue = "SILENCE",
        description = "SILENCE or MAINTENANCE; default ${DEFAULT-VALUE}.")
    SilenceKind kind;

    @Option(
        names = "--starts",
        paramLabel = "TIME",
        description = "Start, ISO-8601 (2026-03-01T08:00:00Z); default now.")
    String starts;

    @Option(names = "--ends", paramLabel = "TIME", description = "End, ISO-8601.")
    String ends;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        description =
            "Length from the start (90m, 2h, 1h30m, PT2H) when --ends is not given; default 2h.")
    String duration;

    @Option(
        names = "--weekly",
        paramLabel = "DAYS",
        split = ",",
        description =
            "Mute only in a weekly window starting on these days (MONDAY or MON, ...), between"
                + " the start and the end; needs --at and --for.")
    List<String> weekly;

    @Option(
        names = "--at",
        paramLabel = "HH:MM",
        description = "Local start time of the weekly window.")
    String at;

    @Option(names = "--for", paramLabel = "DURATION", description = "Length of the weekly window.")
    String windowLength;

    @Option(
        names = "--zone",
        paramLabel = "ZONE",
        defaultValue = "UTC",
        description = "Time zone of --at (IANA id); default ${DEFAULT-VALUE}.")
    String zone;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why (a ticket, a change id).")
    String comment = "";

    @Option(
        names = "--created-by",
        paramLabel = "NAME",
        description = "Who creates it; default the user name.")
    String createdBy = System.getProperty("user.name", "quell");

    @Override
    public Integer call() {
      Silence silence = build();
      SilenceStore store = new SilenceStore(config.load());
      store.put(silence);
      PrintWriter out = spec.commandLine().getOut();
      out.println(silence.getId());
      out.flush();
      return 0;
    }

    Silence build() {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      List<Matcher> list = new ArrayList<>();
      for (String text : matchers) {
        try {
          LabelMatcher matcher = LabelMatcher.parse(text);
          list.add(
              Matcher.newBuilder()
                  .setName(matcher.name())
                  .setOperator(matcher.operator())
                  .setValue(matcher.value())
                  .build());
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--matcher: " + e.getMessage());
        }
      }
      Instant start = starts == null ? now : instant("--starts", starts);
      Instant end;
      if (ends != null) {
        if (duration != null) {
          throw new ParameterException(spec.commandLine(), "Give --ends or --duration, not both");
        }
        end = instant("--ends", ends);
      } else {
        end = start.plus(duration("--duration", duration == null ? "2h" : duration));
      }
      if (!end.isAfter(start)) {
        throw new ParameterException(
            spec.commandLine(), "The end (" + end + ") must come after the start (" + start + ")");
      }
      Silence.Builder builder =
          Silence.newBuilder()
              .setId(id != null ? id : "silence-" + UUID.randomUUID().toString().substring(0, 8))
              .setKind(kind)
              .setMatchers(list)
              .setStartsAt(start)
              .setEndsAt(end)
              .setComment(comment == null ? "" : comment)
              .setCreatedBy(createdBy)
              .setCreatedAt(now);
      if (weekly != null && !weekly.isEmpty()) {
        builder.setRecurrence(recurrence());
      } else if (at != null || windowLength != null) {
        throw new ParameterException(spec.commandLine(), "--at and --for belong to --weekly");
      }
      return builder.build();
    }

    private WeeklyRecurrence recurrence() {
      if (at == null || windowLength == null) {
        throw new ParameterException(spec.commandLine(), "--weekly needs --at and --for");
      }
      List<Weekday> days = new ArrayList<>();
      for (String day : weekly) {
        days.add(weekday(day));
      }
      LocalTime time;
      try {
        time = LocalTime.parse(at.strip());
        ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw new ParameterException(spec.commandLine(), "--at / --zone: " + e.getMessage());
      }
      long minutes = duration("--for", windowLength).toMinutes();
      if (minutes < 1 || minutes > 10080) {
        throw new ParameterException(spec.commandLine(), "--for must be 1 minute to 7 days");
      }
      return WeeklyRecurrence.newBuilder()
          .setDaysOfWeek(days)
          .setStartMinuteOfDay(time.getHour() * 60 + time.getMinute())
          .setDurationMinutes((int) minutes)
          .setTimeZone(zone)
          .build();
    }

    private Weekday weekday(String text) {
      String upper = text.strip().toUpperCase(Locale.ROOT);
      for (Weekday day : Weekday.values()) {
        if (day.name().equals(upper) || (upper.length() == 3 && day.name().startsWith(upper))) {
          return day;
        }
      }
      throw new ParameterException(
          spec.commandLine(), "--weekly: unknown day '" + text + "' (MONDAY or MON, ...)");
    }

    private Instant instant(String option, String text) {
      try {
        return Instant.parse(text.strip());
      } catch (DateTimeParseException e) {
        throw new ParameterException(
            spec.commandLine(), option + ": not an ISO-8601 time: '" + text + "'");
      }
    }

    private Duration duration(String option, String text) {
      try {
        return FaultSpec.duration(text, option);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
  }

  /** {@code quell silences list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the silences in force or still to come (--all: expired ones too).")
  static final class ListSilences implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Option(names = "--all", description = "Include expired silences.")
    boolean all;

    @Override
    public Integer call() {
      Instant now = clock.instant();
      Map<String, Silence> silences = new SilenceStore(config.load()).current();
      PrintWriter out = spec.commandLine().getOut();
      String format = "%-24s %-11s %-8s %-20s %-20s %-36s %s%n";
      out.printf(format, "ID", "KIND", "STATE", "STARTS", "ENDS", "MATCHERS", "COMMENT");
      for (Silence silence : silences.values()) {
        String state = state(silence, now);
        if (!all && state.equals("expired")) {
          continue;
        }
        out.printf(
            format,
            silence.getId(),
            silence.getKind(),
            state,
            silence.getStartsAt().truncatedTo(ChronoUnit.SECONDS),
            silence.getEndsAt().truncatedTo(ChronoUnit.SECONDS),
            matchers(silence),
            silence.getComment()
                + (silence.getRecurrence() == null ? "" : " (weekly " + weekly(silence) + ")"));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code quell silences expire}. */
  @Command(
      name = "expire",
      mixinStandardHelpOptions = true,
      description =
          "End silences now (their end moves to now; --delete removes them with a tombstone"
              + " instead).")
  static final class Expire implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConfigMixin config;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Silences to expire.")
    List<String> ids;

    @Option(names = "--delete", description = "Delete them (tombstone) rather than end them.")
    boolean delete;

    @Override
    public Integer call() {
      SilenceStore store = new SilenceStore(config.load());
      Map<String, Silence> current = store.current();
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      int missing = 0;
      for (String id : ids) {
        Silence silence = current.get(id);
        if (silence == null) {
          err.println("No silence " + id + " on " + store.topic());
          missing++;
          continue;
        }
        if (delete) {
          store.delete(id);
          out.println("deleted " + id);
        } else if (!silence.getEndsAt().isAfter(now)) {
          out.println(id + " had expired already at " + silence.getEndsAt());
        } else {
          Silence ended =
              Silence.newBuilder(silence)
                  .setStartsAt(
                      silence.getStartsAt().isAfter(now)
                          ? now.minusMillis(1)
                          : silence.getStartsAt())
                  .setEndsAt(now)
                  .build();
          store.put(ended);
          out.println("expired " + id + " at " + now);
        }
      }
      out.flush();
      err.flush();
      return missing == 0 ? 0 : 1;
    }
  }

  static String state(Silence silence, Instant now) {
    if (!now.isBefore(silence.getEndsAt())) {
      return "expired";
    }
    return now.isBefore(silence.getStartsAt()) ? "pending" : "active";
  }

  static String matchers(Silence silence) {
    return silence.getMatchers().stream()
        .map(
            m -> {
              try {
                return LabelMatcher.of(m).toString();
              } catch (IllegalArgumentException invalid) {
                return m.getName() + " " + m.getOperator() + " " + m.getValue() + " (invalid)";
              }
            })
        .collect(Collectors.joining(","));
  }

  private static String weekly(Silence silence) {
    WeeklyRecurrence r = silence.getRecurrence();
    return r.getDaysOfWeek().stream()
            .map(d -> d.name().substring(0, 3))
            .collect(Collectors.joining(","))
        + String.format(" %02d:%02d", r.getStartMinuteOfDay() / 60, r.getStartMinuteOfDay() % 60)
        + " for "
        + r.getDurationMinutes()
        + " min "
        + r.getTimeZone();
  }
}
