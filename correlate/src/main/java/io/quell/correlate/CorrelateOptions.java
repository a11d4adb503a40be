/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate;

import io.quell.correlate.core.CorrelationSettings;
import io.quell.correlate.core.suppress.InhibitionRule;
import io.quell.correlate.core.suppress.InhibitionRules;
import io.quell.correlate.core.suppress.SuppressionSettings;
import io.quell.schemas.config.ConfigOption;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The settings of the correlate job, read from the same configuration map as everything else
 * ({@code bootstrap.servers}, {@code schema.registry.url} and the {@code quell.topic.*} names are
 * shared with the other components and read by their own classes). Durations are event time unless
 * said otherwise, in milliseconds.
 */
public final class CorrelateOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Common prefix of the correlate settings; an unknown key with it is an error. */
  public static final String PREFIX = "quell.correlate.";

  public static final ConfigOption<String> GROUP_ID =
      ConfigOption.string(
          PREFIX + "group.id",
          "quell-correlate",
          "Kafka consumer group of the job; also the stem of its transactional ids, so it must be"
              + " unique per running correlate job.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOption.millis(
          PREFIX + "out-of-orderness.ms",
          Duration.ofSeconds(30),
          "How far out of event-time order alerts may arrive. Alerts are held back this long and"
              + " then handled in event-time order, so any arrival order within it gives the same"
              + " incidents.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOption.millis(
          PREFIX + "idleness.ms",
          Duration.ofSeconds(30),
          "Processing time without alerts after which event time moves on by itself (see"
              + " idle-progress), or an input without alerts stops holding back event time.");

  public static final ConfigOption<Boolean> IDLE_PROGRESS =
      ConfigOption.bool(
          PREFIX + "idle-progress",
          true,
          "When no alert arrived for the idleness period, let event time move on with the"
              + " processing clock, so that incidents are published, resolved and closed without"
              + " waiting for the next alert. When false, an idle partition merely stops holding"
              + " back event time.");

  public static final ConfigOption<Duration> TOPOLOGY_SETTLE =
      ConfigOption.millis(
          PREFIX + "topology.settle.ms",
          Duration.ofSeconds(3),
          "Processing time: at start-up, alerts wait until quell.topology has been quiet this long,"
              + " so that the first alerts are grouped with the topology already known.");

  public static final ConfigOption<Duration> GROUP_WINDOW =
      ConfigOption.millis(
          PREFIX + "group-window.ms",
          Duration.ofMinutes(10),
          "An alert joins an open incident when it starts within this distance of the incident's"
              + " activity (and is on the same or a directly connected service).");

  public static final ConfigOption<Duration> GROUP_WAIT =
      ConfigOption.millis(
          PREFIX + "group-wait.ms",
          Duration.ofSeconds(30),
          "A new incident is published this long after its first alert (like Alertmanager's"
              + " group_wait), so that the alerts and merges of its first moments make its first"
              + " version; an incident merged into another meanwhile is never published. 0"
              + " publishes at once.");

  public static final ConfigOption<Duration> RESOLVE_QUIET_PERIOD =
      ConfigOption.millis(
          PREFIX + "resolve-quiet-period.ms",
          Duration.ofMinutes(10),
          "An open incident resolves when none of its alerts fired for this long, even if they did"
              + " not send a resolution (like Alertmanager's resolve_timeout).");

  public static final ConfigOption<Duration> CLOSE_AFTER =
      ConfigOption.millis(
          PREFIX + "close-after.ms",
          Duration.ofMinutes(30),
          "A resolved incident reopens when a related alert fires within this period after its"
              + " resolution; after it, the incident is closed and its state cleared.");

  public static final ConfigOption<Duration> MAX_LIFETIME =
      ConfigOption.millis(
          PREFIX + "max-lifetime.ms",
          Duration.ofHours(24),
          "An incident is closed this long after its first alert, whatever its state; related"
              + " alerts within the group window after that open an incident that continues it"
              + " (continuedFrom).");

  public static final ConfigOption<Duration> GROUP_INTERVAL =
      ConfigOption.millis(
          PREFIX + "group-interval.ms",
          CorrelationSettings.DEFAULT_GROUP_INTERVAL,
          "After a notification, changes of an incident are notified at most this often (like"
              + " Alertmanager's group_interval): every change is still published as a version,"
              + " but only one per interval has notify true; 0 notifies every change.");

  public static final ConfigOption<Duration> REPEAT_INTERVAL =
      ConfigOption.millis(
          PREFIX + "repeat-interval.ms",
          CorrelationSettings.DEFAULT_REPEAT_INTERVAL,
          "An open incident that did not change is notified again (a version with notify true)"
              + " this long after its last notification (like Alertmanager's repeat_interval); 0"
              + " never repeats.");

  public static final ConfigOption<Integer> FLAP_FLIPS =
      ConfigOption.integer(
          PREFIX + "flapping.flips",
          CorrelationSettings.DEFAULT_FLAP_FLIPS,
          "An alert that changed between firing and resolved this many times within the flapping"
              + " window is flapping: held as firing and marked, its further flips publish"
              + " nothing; 0 turns flapping detection off.");

  public static final ConfigOption<Duration> FLAP_WINDOW =
      ConfigOption.millis(
          PREFIX + "flapping.window.ms",
          CorrelationSettings.DEFAULT_FLAP_WINDOW,
          "The window in which flips are counted; a flapping alert stops flapping when it did not"
              + " flip for this long.");

  public static final ConfigOption<Duration> CAUSE_WINDOW =
      ConfigOption.millis(
          PREFIX + "cause-window.ms",
          CorrelationSettings.DEFAULT_CAUSE_WINDOW,
          "How long after an incident's first alert a newly alerting dependency of its services (a"
              + " service they call) may still join it as a possible cause; later it opens an"
              + " incident of its own. Related open incidents merge only when they began within"
              + " this window of each other or such a cause links them; 0 relates dependencies at"
              + " any age and merges every related pair.");

  public static final ConfigOption<Integer> TOPOLOGY_MAX_HOPS =
      ConfigOption.integer(
          PREFIX + "topology.max-hops",
          CorrelationSettings.DEFAULT_TOPOLOGY_HOPS,
          "Alerts on services at most this many quell.topology edges apart (either direction,"
              + " through services with or without alerts) are related; 1 relates direct"
              + " neighbours only (1 to 5).");

  public static final ConfigOption<Integer> MAX_MEMBERS =
      ConfigOption.integer(
          PREFIX + "max-members",
          200,
          "An incident with this many alerts takes no more; a further related alert opens a new"
              + " incident that continues it.");

  public static final ConfigOption<Integer> MAX_OPEN_INCIDENTS =
      ConfigOption.integer(
          PREFIX + "max-open-incidents",
          10_000,
          "At most this many incidents are kept (open or resolved); beyond, the least recently"
              + " active one is closed.");

  public static final ConfigOption<Integer> MAX_PENDING_ALERTS =
      ConfigOption.integer(
          PREFIX + "max-pending-alerts",
          100_000,
          "At most this many alerts wait for event time to pass them; beyond, the earliest are"
              + " handled at once, out of turn.");

  /** {@link #PARTITIONING}: every alert on one key. */
  public static final String SINGLE = "single";

  /** {@link #PARTITIONING}: one key per connected component of the topology. */
  public static final String TOPOLOGY_COMPONENT = "topology-component";

  public static final ConfigOption<String> PARTITIONING =
      ConfigOption.string(
          PREFIX + "partitioning",
          SINGLE,
          "How alerts are spread over the correlation subtasks: single (one key sees every alert;"
              + " any grouping is possible, one subtask does the work) or topology-component (one"
              + " key per connected component of quell.topology, and per alert name for alerts"
              + " without a service; the work spreads over subtasks, but same-template grouping and"
              + " inhibition only act within a component; see the README).");

  public static final ConfigOption<String> SERVICELESS_GROUP_LABELS =
      ConfigOption.string(
          PREFIX + "serviceless-group-labels",
          "",
          "Comma-separated labels: alerts without a service group with each other when they have"
              + " the same name and the same values of these labels; empty groups them by name.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOption.millis(
          PREFIX + "checkpoint-interval.ms",
          Duration.ofSeconds(10),
          "Checkpoint interval when the job runs on its own (main); incidents become visible to"
              + " read_committed readers when a checkpoint completes.");

  public static final ConfigOption<Duration> SILENCES_SETTLE =
      ConfigOption.millis(
          PREFIX + "silences.settle.ms",
          Duration.ofSeconds(3),
          "Processing time: at start-up, alerts wait until quell.silences has been quiet this long,"
              + " so that the first incidents already know the silences in force.");

  public static final ConfigOption<Duration> SILENCES_RECHECK =
      ConfigOption.millis(
          PREFIX + "silences.recheck.ms",
          Duration.ofSeconds(30),
          "Event time between checks of the published incidents against silences created, changed"
              + " or deleted meanwhile (the starts and ends of silences, windows and inhibitions"
              + " are exact without it); 0 checks only when an incident changes anyway.");

  public static final ConfigOption<Duration> SILENCES_RETENTION =
      ConfigOption.millis(
          PREFIX + "silences.retention.ms",
          Duration.ofHours(1),
          "An expired silence (its end passed) is dropped from the job's state this long after its"
              + " end.");

  public static final ConfigOption<String> INHIBIT_RULES =
      ConfigOption.string(
          PREFIX + "inhibit-rules",
          "",
          "Inhibition rules in YAML or JSON (see the README: name, source, target, equal,"
              + " lateness-ms); empty for none. Use either this or inhibit-rules.file.");

  public static final ConfigOption<String> INHIBIT_RULES_FILE =
      ConfigOption.string(
          PREFIX + "inhibit-rules.file",
          "",
          "Path of a YAML or JSON file with the inhibition rules, read when the job is built;"
              + " empty for none.");

  public static final ConfigOption<Duration> INHIBIT_LATENESS =
      ConfigOption.millis(
          PREFIX + "inhibit.lateness.ms",
          Duration.ofMinutes(1),
          "Default lateness of inhibition rules: how long after a target alert's event time a"
              + " source may still start and mute it. Targets are held back this long, so the"
              + " outcome does not depend on the arrival order.");

  public static final ConfigOption<Duration> DEPLOY_WINDOW =
      ConfigOption.millis(
          PREFIX + "deploy-window.ms",
          Duration.ofMinutes(5),
          "A deploy marker (an alert with the label event=deploy and a service) mutes the alerts of"
              + " that service for this long from its start; 0 disables deploy windows.");

  private static final List<ConfigOption<?>> ALL =
      List.of(
          GROUP_ID,
          OUT_OF_ORDERNESS,
          IDLENESS,
          IDLE_PROGRESS,
          TOPOLOGY_SETTLE,
          GROUP_WINDOW,
          GROUP_WAIT,
          RESOLVE_QUIET_PERIOD,
          CLOSE_AFTER,
          MAX_LIFETIME,
          GROUP_INTERVAL,
          REPEAT_INTERVAL,
          FLAP_FLIPS,
          FLAP_WINDOW,
          TOPOLOGY_MAX_HOPS,
          CAUSE_WINDOW,
          MAX_MEMBERS,
          MAX_OPEN_INCIDENTS,
          MAX_PENDING_ALERTS,
          SERVICELESS_GROUP_LABELS,
          PARTITIONING,
          SILENCES_SETTLE,
          SILENCES_RECHECK,
          SILENCES_RETENTION,
          INHIBIT_RULES,
          INHIBIT_RULES_FILE,
          INHIBIT_LATENESS,
          DEPLOY_WINDOW,
          CHECKPOINT_INTERVAL);

  private final String groupId;
  private final Duration outOfOrderness;
  private final Duration idleness;
  private final boolean idleProgress;
  private final Duration topologySettle;
  private final int maxPendingAlerts;
  private final Duration checkpointInterval;
  private final CorrelationSettings settings;
  private final Duration silencesSettle;
  private final SuppressionSettings suppression;
  private final String partitioning;

  private CorrelateOptions(Map<String, ?> config) {
    rejectUnknownKeys(config);
    this.groupId = requireText(GROUP_ID, config);
    this.outOfOrderness = OUT_OF_ORDERNESS.read(config);
    this.idleness = requirePositive(IDLENESS, config);
    this.idleProgress = IDLE_PROGRESS.read(config);
    this.topologySettle = TOPOLOGY_SETTLE.read(config);
    this.maxPendingAlerts = MAX_PENDING_ALERTS.read(config);
    if (maxPendingAlerts < 1) {
      throw new IllegalArgumentException(
          "Setting '" + MAX_PENDING_ALERTS.key() + "' must be at least 1");
    }
    this.checkpointInterval = requirePositive(CHECKPOINT_INTERVAL, config);
    List<String> labels =
        Arrays.stream(SERVICELESS_GROUP_LABELS.read(config).split(","))
            .map(String::trim)
            .filter(label -> !label.isEmpty())
            .toList();
    try {
      this.settings =
          new CorrelationSettings(
              GROUP_WINDOW.read(config),
              GROUP_WAIT.read(config),
              RESOLVE_QUIET_PERIOD.read(config),
              CLOSE_AFTER.read(config),
              MAX_LIFETIME.read(config),
              MAX_MEMBERS.read(config),
              MAX_OPEN_INCIDENTS.read(config),
              labels,
              GROUP_INTERVAL.read(config),
              REPEAT_INTERVAL.read(config),
              FLAP_FLIPS.read(config),
              FLAP_WINDOW.read(config),
              TOPOLOGY_MAX_HOPS.read(config),
              CAUSE_WINDOW.read(config));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid correlate settings: " + e.getMessage(), e);
    }
    this.partitioning = PARTITIONING.read(config).trim();
    if (!partitioning.equals(SINGLE) && !partitioning.equals(TOPOLOGY_COMPONENT)) {
      throw new IllegalArgumentException(
          "Setting '"
              + PARTITIONING.key()
              + "' must be "
              + SINGLE
              + " or "
              + TOPOLOGY_COMPONENT
              + " but is '"
              + partitioning
              + "'");
    }
    this.silencesSettle = SILENCES_SETTLE.read(config);
    this.suppression =
        new SuppressionSettings(
            inhibitionRules(config),
            DEPLOY_WINDOW.read(config),
            SILENCES_RETENTION.read(config),
            SILENCES_RECHECK.read(config));
  }

  private static List<InhibitionRule> inhibitionRules(Map<String, ?> config) {
    String inline = INHIBIT_RULES.read(config);
    String file = INHIBIT_RULES_FILE.read(config);
    boolean hasInline = inline != null && !inline.isBlank();
    boolean hasFile = file != null && !file.isBlank();
    if (hasInline && hasFile) {
      throw new IllegalArgumentException(
          "Set either '"
              + INHIBIT_RULES.key()
              + "' or '"
              + INHIBIT_RULES_FILE.key()
              + "', not both");
    }
    String text = inline;
    String from = INHIBIT_RULES.key();
    if (hasFile) {
      from = INHIBIT_RULES_FILE.key() + " " + file.trim();
      try {
        text = Files.readString(Path.of(file.trim()));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "Cannot read the inhibition rules of '" + INHIBIT_RULES_FILE.key() + "': " + e, e);
      }
    }
    try {
      return InhibitionRules.parse(text, INHIBIT_LATENESS.read(config));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid inhibition rules in " + from + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads the settings from {@code config}; keys without the {@link #PREFIX} are ignored, so the
   * whole configuration can be passed.
   *
   * @throws IllegalArgumentException for an unknown {@code quell.correlate.} key or a bad value;
   *     the message names the key
   */
  public static CorrelateOptions fromMap(Map<String, ?> config) {
    return new CorrelateOptions(config);
  }

  public static CorrelateOptions defaults() {
    return fromMap(Map.of());
  }

  /** Every option of the module, for the configuration reference. */
  public static List<ConfigOption<?>> all() {
    return ALL;
  }

  public String groupId() {
    return groupId;
  }

  public Duration outOfOrderness() {
    return outOfOrderness;
  }

  public Duration idleness() {
    return idleness;
  }

  public boolean idleProgress() {
    return idleProgress;
  }

  public Duration topologySettle() {
    return topologySettle;
  }

  public int maxPendingAlerts() {
    return maxPendingAlerts;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public Duration silencesSettle() {
    return silencesSettle;
  }

  /** Inhibition rules, deploy windows and how silences are kept and checked. */
  public SuppressionSettings suppression() {
    return suppression;
  }

  /** {@link #SINGLE} or {@link #TOPOLOGY_COMPONENT}. */
  public String partitioning() {
    return partitioning;
  }

  /** The settings of the plain-Java correlator. */
  public CorrelationSettings settings() {
    return settings;
  }

  private static String requireText(ConfigOption<String> option, Map<String, ?> config) {
    String value = option.read(config);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Setting '" + option.key() + "' must not be empty");
    }
    return value.trim();
  }

  private static Duration requirePositive(ConfigOption<Duration> option, Map<String, ?> config) {
    Duration value = option.read(config);
    if (value.isZero()) {
      throw new IllegalArgumentException("Setting '" + option.key() + "' must be positive");
    }
    return value;
  }

  private static void rejectUnknownKeys(Map<String, ?> config) {
    TreeSet<String> known = new TreeSet<>();
    ALL.forEach(option -> known.add(option.key()));
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !known.contains(key)) {
        throw new IllegalArgumentException(
            "Unknown correlate setting '" + key + "'; known settings are " + known);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CorrelateOptions that
        && groupId.equals(that.groupId)
        && outOfOrderness.equals(that.outOfOrderness)
        && idleness.equals(that.idleness)
        && idleProgress == that.idleProgress
        && topologySettle.equals(that.topologySettle)
        && maxPendingAlerts == that.maxPendingAlerts
        && checkpointInterval.equals(that.checkpointInterval)
        && settings.equals(that.settings)
        && silencesSettle.equals(that.silencesSettle)
        && partitioning.equals(that.partitioning)
        && suppression.equals(that.suppression);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupId, outOfOrderness, idleness, topologySettle, settings);
  }

  @Override
  public String toString() {
    return "CorrelateOptions[group.id="
        + groupId
        + ", outOfOrderness="
        + outOfOrderness
        + ", idleness="
        + idleness
        + ", idleProgress="
        + idleProgress
        + ", topologySettle="
        + topologySettle
        + ", maxPendingAlerts="
        + maxPendingAlerts
        + ", "
        + settings
        + ", partitioning="
        + partitioning
        + ", silencesSettle="
        + silencesSettle
        + ", "
        + suppression
        + "]";
  }
}
