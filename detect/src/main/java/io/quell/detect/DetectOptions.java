/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect;

import io.quell.detect.core.Hysteresis;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.logs.ErrorBurstSettings;
import io.quell.detect.core.logs.TemplateWatchSettings;
import io.quell.detect.core.logs.template.TemplateSettings;
import io.quell.detect.core.metric.LikelihoodMonitor;
import io.quell.detect.core.metric.RobustBaselineDetector;
import io.quell.detect.core.metric.RobustBaselineSettings;
import io.quell.detect.core.service.ServiceModelSettings;
import io.quell.schemas.avro.Severity;
import io.quell.schemas.config.ConfigOption;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The settings of the detect job, read from the same {@code Map<String, ?>} as every Quell
 * component (a properties file, environment, {@code --set}). Keys start with {@code quell.detect.};
 * an unknown key under that prefix is an error, so that a misspelt setting does not silently keep
 * its default. The shared keys ({@code bootstrap.servers}, {@code schema.registry.url}, {@code
 * quell.topic.*}) are read by their own classes.
 *
 * <p>{@link ConfigOption} has no floating-point type yet, so the thresholds and factors are string
 * options that this class parses (and rejects, naming the key, when they are not numbers).
 */
public final class DetectOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Prefix of every detect setting. */
  public static final String PREFIX = "quell.detect.";

  /**
   * Prefix of Kafka client settings passed to the job's consumers and producers as they are
   * (without the prefix), for example {@code quell.detect.kafka.security.protocol=SASL_SSL}. The
   * top-level {@code security.*}, {@code sasl.*} and {@code ssl.*} keys are passed too; these win.
   */
  public static final String KAFKA_PREFIX = PREFIX + "kafka.";

  public static final ConfigOption<String> GROUP_ID =
      ConfigOption.string(
          PREFIX + "group.id",
          "quell-detect",
          "Kafka consumer group of the detect job (its committed offsets), also the start of its"
              + " transactional ids. Two detect jobs on one cluster need different ids.");

  public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
      ConfigOption.millis(
          PREFIX + "out-of-orderness.ms",
          Duration.ofSeconds(30),
          "How late an event may arrive, in event time, behind the newest one and still count."
              + " Detection waits this long before judging a point, and drops events later than"
              + " that.");

  public static final ConfigOption<Duration> IDLENESS =
      ConfigOption.millis(
          PREFIX + "idleness.ms",
          Duration.ofSeconds(60),
          "After how long without events an input partition stops holding back event time, so"
              + " that a quiet partition does not stall detection on the busy ones.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOption.millis(
          PREFIX + "checkpoint-interval.ms",
          Duration.ofSeconds(10),
          "How often the stand-alone job (DetectJob.main) checkpoints. Alerts become visible to"
              + " read_committed readers at each checkpoint, so this is also their added latency.");

  /** The detector of {@link #METRIC_DETECTOR}: the anomaly scorer with its likelihood. */
  public static final String DETECTOR_LIKELIHOOD = LikelihoodMonitor.NAME;

  /** The detector of {@link #METRIC_DETECTOR}: the robust baseline of the {@code metric.*} keys. */
  public static final String DETECTOR_ROBUST_BASELINE = RobustBaselineDetector.NAME;

  public static final ConfigOption<String> METRIC_DETECTOR =
      ConfigOption.string(
          PREFIX + "metric.detector",
          DETECTOR_LIKELIHOOD,
          "Which detector judges metric series: anomaly-likelihood (the anomaly scorer: robust"
              + " z-scores of values and steps, seasonality, anomaly likelihood; the"
              + " metric.likelihood.* keys) or robust-baseline (a robust z-score against the last"
              + " normal points; the other metric.* keys).");

  public static final ConfigOption<String> METRIC_LIKELIHOOD_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.likelihood.threshold",
          "0.7",
          "Anomaly likelihood (0 to 1) at or above which a point of a series is anomalous"
              + " (anomaly-likelihood detector). One threshold serves every series: the likelihood"
              + " measures how unusual the recent scores are for that series.");

  public static final ConfigOption<String> METRIC_LIKELIHOOD_RESOLVE_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.likelihood.resolve-threshold",
          "0.5",
          "Anomaly likelihood below which a point counts towards resolving a firing alert (at"
              + " most the threshold); points in between neither fire nor resolve.");

  public static final ConfigOption<String> METRIC_LIKELIHOOD_CRITICAL_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.likelihood.critical-threshold",
          "0.95",
          "Anomaly likelihood from which an anomalous point makes its alert CRITICAL instead of"
              + " WARNING (at least the threshold).");

  public static final ConfigOption<Duration> METRIC_LIKELIHOOD_FIRE_AFTER =
      ConfigOption.millis(
          PREFIX + "metric.likelihood.fire-after.ms",
          Duration.ofSeconds(20),
          "Event time the likelihood must stay at or above the threshold (from the first to the"
              + " latest point of the run) before the alert fires; 0 fires on the first point.");

  public static final ConfigOption<Duration> METRIC_LIKELIHOOD_RESOLVE_AFTER =
      ConfigOption.millis(
          PREFIX + "metric.likelihood.resolve-after.ms",
          Duration.ofSeconds(60),
          "Event time the likelihood must stay below the resolve threshold before a firing alert"
              + " resolves; 0 resolves on the first such point.");

  public static final ConfigOption<Integer> METRIC_WINDOW_POINTS =
      ConfigOption.integer(
          PREFIX + "metric.window-points",
          60,
          "(robust-baseline) How many recent normal points of a series its baseline (median and MAD) is computed"
              + " from. Also what a series costs in state: 8 bytes a point.");

  public static final ConfigOption<Integer> METRIC_WARM_UP_POINTS =
      ConfigOption.integer(
          PREFIX + "metric.warm-up-points",
          20,
          "(robust-baseline) Points of a new series learned before its first score (3 to window-points).");

  public static final ConfigOption<String> METRIC_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.threshold",
          "5.0",
          "(robust-baseline) Robust z-score (distance from the median in estimated standard deviations) from which a"
              + " point is anomalous. Anomalous points are not learned from.");

  public static final ConfigOption<String> METRIC_RESOLVE_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.resolve-threshold",
          "3.0",
          "(robust-baseline) Robust z-score below which a point counts towards resolving a firing metric alert (at"
              + " most the threshold). Points between this and the threshold neither fire nor"
              + " resolve, so a signal hovering around the threshold does not flap; while an alert"
              + " fires only points below this are learned.");

  public static final ConfigOption<String> METRIC_CRITICAL_THRESHOLD =
      ConfigOption.string(
          PREFIX + "metric.critical-threshold",
          "10.0",
          "(robust-baseline) Robust z-score from which an anomalous point makes its alert CRITICAL instead of"
              + " WARNING (at least the threshold).");

  public static final ConfigOption<String> METRIC_MIN_SCALE_ABSOLUTE =
      ConfigOption.string(
          PREFIX + "metric.min-scale-absolute",
          "0.001",
          "(robust-baseline) Smallest spread assumed for any series, in the metric's own unit, so that a series that"
              + " sat at exactly 0 does not score infinity on its first small value.");

  public static final ConfigOption<String> METRIC_MIN_SCALE_RELATIVE =
      ConfigOption.string(
          PREFIX + "metric.min-scale-relative",
          "0.02",
          "(robust-baseline) Smallest spread assumed for a series, as a fraction of its median, so that a flat"
              + " series does not alert on a tiny change (0.02 with threshold 5: a flat series must"
              + " move by 10% to alert).");

  public static final ConfigOption<Integer> METRIC_FIRE_AFTER_POINTS =
      ConfigOption.integer(
          PREFIX + "metric.fire-after-points",
          3,
          "(robust-baseline) Anomalous points in a row before a metric alert fires.");

  public static final ConfigOption<Integer> METRIC_RESOLVE_AFTER_POINTS =
      ConfigOption.integer(
          PREFIX + "metric.resolve-after-points",
          5,
          "(robust-baseline) Normal points in a row before a firing metric alert resolves.");

  public static final ConfigOption<Integer> METRIC_RELEARN_AFTER_POINTS =
      ConfigOption.integer(
          PREFIX + "metric.relearn-after-points",
          60,
          "(robust-baseline) Anomalous points in a row after which a series is taken to have moved to a new level:"
              + " its baseline is learned afresh (warm-up again) and its alert resolves. 0 never.");

  public static final ConfigOption<Duration> METRIC_SERIES_EXPIRY =
      ConfigOption.millis(
          PREFIX + "metric.series-expiry.ms",
          Duration.ofHours(1),
          "Event time without a point after which a series is forgotten (its state cleared, a"
              + " firing alert resolved).");

  public static final ConfigOption<Boolean> SERVICE_MODEL_ENABLED =
      ConfigOption.bool(
          PREFIX + "service-model.enabled",
          true,
          "Whether the multivariate model per service (service-model) also judges each series: the"
              + " newest value of each of a service's series per bucket, against a robust Gaussian"
              + " of its recent buckets; its likelihood for a series is combined (the larger of the"
              + " two) with the series' own in one score, judged by the metric.likelihood"
              + " thresholds. Only with metric.detector=anomaly-likelihood.");

  public static final ConfigOption<Duration> SERVICE_MODEL_BUCKET =
      ConfigOption.millis(
          PREFIX + "service-model.bucket.ms",
          Duration.ofMillis(ServiceModelSettings.defaults().bucketMillis()),
          "Event-time length of the service model's buckets: one vector per service and bucket"
              + " (at least the scrape interval).");

  public static final ConfigOption<Duration> SERVICE_MODEL_VERDICT_MAX_AGE =
      ConfigOption.millis(
          PREFIX + "service-model.verdict-max-age.ms",
          Duration.ofMillis(2 * ServiceModelSettings.defaults().bucketMillis()),
          "Event time after the end of its bucket during which the service model's verdict on a"
              + " series still counts for the series' points; after it, the series is judged by its"
              + " own likelihood alone until the next verdict.");

  public static final ConfigOption<Duration> LOGS_INTERVAL =
      ConfigOption.millis(
          PREFIX + "logs.interval.ms",
          Duration.ofSeconds(60),
          "Length of the tumbling event-time intervals in which ERROR and FATAL log events are"
              + " counted per service.");

  public static final ConfigOption<Integer> LOGS_MIN_COUNT =
      ConfigOption.integer(
          PREFIX + "logs.min-count",
          5,
          "Errors per interval below which an interval is never a burst, however quiet the"
              + " service usually is.");

  public static final ConfigOption<String> LOGS_FACTOR =
      ConfigOption.string(
          PREFIX + "logs.factor",
          "3.0",
          "An interval is a burst when its error count reaches max(min-count, factor × the"
              + " service's usual count).");

  public static final ConfigOption<String> LOGS_CRITICAL_FACTOR =
      ConfigOption.string(
          PREFIX + "logs.critical-factor",
          "3.0",
          "A burst whose count reaches this many times the burst threshold makes the alert"
              + " CRITICAL.");

  public static final ConfigOption<String> LOGS_BASELINE_ALPHA =
      ConfigOption.string(
          PREFIX + "logs.baseline-alpha",
          "0.1",
          "Weight of the newest normal interval in the moving average of a service's error count"
              + " (0 to 1; 0.1 remembers roughly the last 10 intervals).");

  public static final ConfigOption<Integer> LOGS_WARM_UP_INTERVALS =
      ConfigOption.integer(
          PREFIX + "logs.warm-up-intervals",
          3,
          "Intervals of a new service learned before its first judgement.");

  public static final ConfigOption<Integer> LOGS_FIRE_AFTER_INTERVALS =
      ConfigOption.integer(
          PREFIX + "logs.fire-after-intervals",
          2,
          "Burst intervals in a row before an error-burst alert fires.");

  public static final ConfigOption<Integer> LOGS_RESOLVE_AFTER_INTERVALS =
      ConfigOption.integer(
          PREFIX + "logs.resolve-after-intervals",
          2,
          "Normal intervals in a row before a firing error-burst alert resolves.");

  public static final ConfigOption<Duration> LOGS_SERVICE_EXPIRY =
      ConfigOption.millis(
          PREFIX + "logs.service-expiry.ms",
          Duration.ofHours(1),
          "Event time without a log event after which a service is forgotten (its state"
              + " cleared, a firing alert resolved).");

  public static final ConfigOption<String> LOGS_MIN_RATIO =
      ConfigOption.string(
          PREFIX + "logs.min-ratio",
          "0.1",
          "Share of errors and warnings among all log events of an interval below which the share"
              + " is never a burst. An interval is also a burst when the share reaches max(min-ratio,"
              + " factor × the service's usual share) with at least min-count errors and warnings.");

  public static final ConfigOption<Duration> LOGS_TEMPLATE_WARM_UP =
      ConfigOption.millis(
          PREFIX + "logs.template.warm-up.ms",
          Duration.ofMinutes(30),
          "Event time from a service's first log event during which its new log templates are"
              + " learned without an alert. Longer than the 15 minutes of the demo, whose services"
              + " start logging with it.");

  public static final ConfigOption<String> LOGS_TEMPLATE_NEW_SEVERITY =
      ConfigOption.string(
          PREFIX + "logs.template.new-severity",
          "INFO",
          "Severity of the alert about a log template never seen before for a service (INFO,"
              + " WARNING or CRITICAL). A new kind of message is context for an incident rather"
              + " than a page of its own.");

  public static final ConfigOption<Integer> LOGS_TEMPLATE_MAX_NEW_ALERTS =
      ConfigOption.integer(
          PREFIX + "logs.template.max-new-alerts-per-interval",
          3,
          "New-template alerts per service and interval at most (the earliest templates first);"
              + " further new templates of the interval are learned silently and counted in the"
              + " operator metric newTemplatesNotAnnounced.");

  public static final ConfigOption<Integer> LOGS_TEMPLATE_MAX_TEMPLATES =
      ConfigOption.integer(
          PREFIX + "logs.template.max-templates",
          1000,
          "Log templates kept per service: when a new one would exceed this, the template"
              + " matched least recently is forgotten with its counts (its id comes back unchanged"
              + " if its messages return). The main bound of the log side's state.");

  public static final ConfigOption<Duration> LOGS_TEMPLATE_EXPIRY =
      ConfigOption.millis(
          PREFIX + "logs.template.expiry.ms",
          Duration.ofHours(1),
          "Event time without a message of a template after which its counts and rate baseline"
              + " are forgotten (a firing alert resolved); the miner keeps the template itself.");

  public static final ConfigOption<String> LOGS_TEMPLATE_RATE_MIN_SCALE =
      ConfigOption.string(
          PREFIX + "logs.template.rate-min-scale",
          "2.0",
          "Smallest spread assumed for the count of a template per interval, in messages: the"
              + " counts are judged by the metric detector with its settings, except this floor"
              + " (instead of metric.min-scale-absolute), so that a rare template does not alert"
              + " when it logs a few messages more (threshold 5: at least 10 above its median).");

  private static final List<ConfigOption<?>> ALL =
      List.of(
          GROUP_ID,
          OUT_OF_ORDERNESS,
          IDLENESS,
          CHECKPOINT_INTERVAL,
          METRIC_DETECTOR,
          METRIC_LIKELIHOOD_THRESHOLD,
          METRIC_LIKELIHOOD_RESOLVE_THRESHOLD,
          METRIC_LIKELIHOOD_CRITICAL_THRESHOLD,
          METRIC_LIKELIHOOD_FIRE_AFTER,
          METRIC_LIKELIHOOD_RESOLVE_AFTER,
          METRIC_WINDOW_POINTS,
          METRIC_WARM_UP_POINTS,
          METRIC_THRESHOLD,
          METRIC_RESOLVE_THRESHOLD,
          METRIC_CRITICAL_THRESHOLD,
          METRIC_MIN_SCALE_ABSOLUTE,
          METRIC_MIN_SCALE_RELATIVE,
          METRIC_FIRE_AFTER_POINTS,
          METRIC_RESOLVE_AFTER_POINTS,
          METRIC_RELEARN_AFTER_POINTS,
          METRIC_SERIES_EXPIRY,
          SERVICE_MODEL_ENABLED,
          SERVICE_MODEL_BUCKET,
          SERVICE_MODEL_VERDICT_MAX_AGE,
          LOGS_INTERVAL,
          LOGS_MIN_COUNT,
          LOGS_FACTOR,
          LOGS_CRITICAL_FACTOR,
          LOGS_BASELINE_ALPHA,
          LOGS_WARM_UP_INTERVALS,
          LOGS_FIRE_AFTER_INTERVALS,
          LOGS_RESOLVE_AFTER_INTERVALS,
          LOGS_SERVICE_EXPIRY,
          LOGS_MIN_RATIO,
          LOGS_TEMPLATE_WARM_UP,
          LOGS_TEMPLATE_NEW_SEVERITY,
          LOGS_TEMPLATE_MAX_NEW_ALERTS,
          LOGS_TEMPLATE_MAX_TEMPLATES,
          LOGS_TEMPLATE_EXPIRY,
          LOGS_TEMPLATE_RATE_MIN_SCALE);

  // Top-level Kafka client settings every Quell component passes on (see ConnectionOptions).
  private static final List<String> SHARED_KAFKA_PREFIXES = List.of("security.", "sasl.", "ssl.");

  private final String groupId;
  private final Duration outOfOrderness;
  private final Duration idleness;
  private final Duration checkpointInterval;
  private final String metricDetector;
  private final double likelihoodThreshold;
  private final double likelihoodResolveThreshold;
  private final double likelihoodCriticalThreshold;
  private final Hysteresis likelihoodHysteresis;
  private final RobustBaselineSettings metricSettings;
  private final double metricResolveThreshold;
  private final double metricCriticalThreshold;
  private final Hysteresis metricHysteresis;
  private final Duration seriesExpiry;
  private final boolean serviceModelEnabled;
  private final ServiceModelSettings serviceModelSettings;
  private final Duration serviceVerdictMaxAge;
  private final ErrorBurstSettings errorBurstSettings;
  private final Hysteresis logHysteresis;
  private final Duration serviceExpiry;
  private final TemplateWatchSettings templateWatchSettings;
  private final RobustBaselineSettings templateRateSettings;
  private final Map<String, String> kafkaClientProperties;

  private DetectOptions(Map<String, ?> config) {
    rejectUnknownKeys(config);
    groupId = GROUP_ID.read(config).strip();
    if (groupId.isEmpty()) {
      throw new IllegalArgumentException("Setting '" + GROUP_ID.key() + "' must not be empty");
    }
    outOfOrderness = OUT_OF_ORDERNESS.read(config);
    idleness = positive(IDLENESS, config);
    checkpointInterval = positive(CHECKPOINT_INTERVAL, config);
    int window = atLeast(METRIC_WINDOW_POINTS, config, 3);
    int warmUp = atLeast(METRIC_WARM_UP_POINTS, config, 3);
    if (warmUp > window) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_WARM_UP_POINTS.key()
              + "' ("
              + warmUp
              + ") must not exceed '"
              + METRIC_WINDOW_POINTS.key()
              + "' ("
              + window
              + ")");
    }
    double threshold = positiveDouble(METRIC_THRESHOLD, config);
    metricResolveThreshold = positiveDouble(METRIC_RESOLVE_THRESHOLD, config);
    if (metricResolveThreshold > threshold) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_RESOLVE_THRESHOLD.key()
              + "' ("
              + metricResolveThreshold
              + ") must not exceed '"
              + METRIC_THRESHOLD.key()
              + "' ("
              + threshold
              + ")");
    }
    metricCriticalThreshold = positiveDouble(METRIC_CRITICAL_THRESHOLD, config);
    if (metricCriticalThreshold < threshold) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_CRITICAL_THRESHOLD.key()
              + "' ("
              + metricCriticalThreshold
              + ") must not be below '"
              + METRIC_THRESHOLD.key()
              + "' ("
              + threshold
              + ")");
    }
    metricSettings =
        new RobustBaselineSettings(
            window,
            warmUp,
            threshold,
            nonNegativeDouble(METRIC_MIN_SCALE_ABSOLUTE, config),
            nonNegativeDouble(METRIC_MIN_SCALE_RELATIVE, config),
            atLeast(METRIC_RELEARN_AFTER_POINTS, config, 0));
    metricHysteresis =
        new Hysteresis(
            atLeast(METRIC_FIRE_AFTER_POINTS, config, 1),
            atLeast(METRIC_RESOLVE_AFTER_POINTS, config, 1));
    seriesExpiry = positive(METRIC_SERIES_EXPIRY, config);
    serviceModelEnabled = SERVICE_MODEL_ENABLED.read(config);
    serviceVerdictMaxAge = positive(SERVICE_MODEL_VERDICT_MAX_AGE, config);
    ServiceModelSettings model = ServiceModelSettings.defaults();
    serviceModelSettings =
        new ServiceModelSettings(
            positive(SERVICE_MODEL_BUCKET, config).toMillis(),
            model.maxSeries(),
            model.trainingVectors(),
            model.retrainEvery(),
            model.minTrainingVectors(),
            model.trimmedShare(),
            model.rawScale(),
            model.likelihoodWindow(),
            model.likelihoodHalfLife(),
            model.likelihoodLearnVectors(),
            model.fireThreshold(),
            model.holdVectors(),
            model.seriesMinDeviation());
    metricDetector = METRIC_DETECTOR.read(config).strip().toLowerCase(Locale.ROOT);
    if (!metricDetector.equals(DETECTOR_LIKELIHOOD)
        && !metricDetector.equals(DETECTOR_ROBUST_BASELINE)) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_DETECTOR.key()
              + "' must be "
              + DETECTOR_LIKELIHOOD
              + " or "
              + DETECTOR_ROBUST_BASELINE
              + " but is '"
              + metricDetector
              + "'");
    }
    likelihoodThreshold = positiveDouble(METRIC_LIKELIHOOD_THRESHOLD, config);
    if (likelihoodThreshold >= 1) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_LIKELIHOOD_THRESHOLD.key()
              + "' must be below 1 but is "
              + likelihoodThreshold);
    }
    likelihoodResolveThreshold = positiveDouble(METRIC_LIKELIHOOD_RESOLVE_THRESHOLD, config);
    if (likelihoodResolveThreshold > likelihoodThreshold) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_LIKELIHOOD_RESOLVE_THRESHOLD.key()
              + "' ("
              + likelihoodResolveThreshold
              + ") must not be above '"
              + METRIC_LIKELIHOOD_THRESHOLD.key()
              + "' ("
              + likelihoodThreshold
              + ")");
    }
    likelihoodCriticalThreshold = readDouble(METRIC_LIKELIHOOD_CRITICAL_THRESHOLD, config);
    if (likelihoodCriticalThreshold < likelihoodThreshold) {
      throw new IllegalArgumentException(
          "Setting '"
              + METRIC_LIKELIHOOD_CRITICAL_THRESHOLD.key()
              + "' ("
              + likelihoodCriticalThreshold
              + ") must not be below '"
              + METRIC_LIKELIHOOD_THRESHOLD.key()
              + "' ("
              + likelihoodThreshold
              + ")");
    }
    likelihoodHysteresis =
        Hysteresis.timed(
            METRIC_LIKELIHOOD_FIRE_AFTER.read(config),
            METRIC_LIKELIHOOD_RESOLVE_AFTER.read(config));
    double alpha = positiveDouble(LOGS_BASELINE_ALPHA, config);
    if (alpha > 1) {
      throw new IllegalArgumentException(
          "Setting '" + LOGS_BASELINE_ALPHA.key() + "' must be at most 1 but is " + alpha);
    }
    errorBurstSettings =
        new ErrorBurstSettings(
            positive(LOGS_INTERVAL, config).toMillis(),
            atLeast(LOGS_MIN_COUNT, config, 1),
            atLeastDouble(LOGS_FACTOR, config, 1),
            atLeastDouble(LOGS_CRITICAL_FACTOR, config, 1),
            alpha,
            atLeast(LOGS_WARM_UP_INTERVALS, config, 0),
            ratio(LOGS_MIN_RATIO, config));
    logHysteresis =
        new Hysteresis(
            atLeast(LOGS_FIRE_AFTER_INTERVALS, config, 1),
            atLeast(LOGS_RESOLVE_AFTER_INTERVALS, config, 1));
    serviceExpiry = positive(LOGS_SERVICE_EXPIRY, config);
    if (serviceExpiry.toMillis() <= errorBurstSettings.intervalMs()) {
      throw new IllegalArgumentException(
          "Setting '"
              + LOGS_SERVICE_EXPIRY.key()
              + "' must be longer than '"
              + LOGS_INTERVAL.key()
              + "'");
    }
    Duration templateExpiry = positive(LOGS_TEMPLATE_EXPIRY, config);
    if (templateExpiry.toMillis() <= errorBurstSettings.intervalMs()) {
      throw new IllegalArgumentException(
          "Setting '"
              + LOGS_TEMPLATE_EXPIRY.key()
              + "' must be longer than '"
              + LOGS_INTERVAL.key()
              + "'");
    }
    TemplateSettings miner = TemplateSettings.defaults();
    int maxTemplates = atLeast(LOGS_TEMPLATE_MAX_TEMPLATES, config, 1);
    templateWatchSettings =
        new TemplateWatchSettings(
            errorBurstSettings.intervalMs(),
            LOGS_TEMPLATE_WARM_UP.read(config).toMillis(),
            atLeast(LOGS_TEMPLATE_MAX_NEW_ALERTS, config, 0),
            severity(LOGS_TEMPLATE_NEW_SEVERITY, config),
            templateExpiry.toMillis(),
            // The cache of masked forms is memory only (not state): a few per template.
            new TemplateSettings(
                maxTemplates,
                miner.similarity(),
                miner.maxTokens(),
                miner.maxTokenLength(),
                Math.min(miner.cacheSize(), 4 * maxTemplates)));
    templateRateSettings =
        new RobustBaselineSettings(
            metricSettings.windowPoints(),
            metricSettings.warmUpPoints(),
            metricSettings.threshold(),
            nonNegativeDouble(LOGS_TEMPLATE_RATE_MIN_SCALE, config),
            metricSettings.minScaleRelative(),
            metricSettings.relearnAfterPoints());
    kafkaClientProperties = kafkaClientProperties(config);
  }

  /**
   * Reads the detect settings from {@code config}; other keys are ignored, so a component's whole
   * configuration can be passed.
   *
   * @throws IllegalArgumentException for an unknown {@code quell.detect.} key or a value that is
   *     malformed or out of range; the message names the key
   */
  public static DetectOptions fromConfig(Map<String, ?> config) {
    return new DetectOptions(Objects.requireNonNull(config, "config"));
  }

  /** Every setting at its default. */
  public static DetectOptions defaults() {
    return fromConfig(Map.of());
  }

  /** Every detect setting, in the order the configuration reference lists them. */
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

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The metric detector's name: {@link #DETECTOR_LIKELIHOOD} or {@link #DETECTOR_ROBUST_BASELINE}.
   */
  public String metricDetector() {
    return metricDetector;
  }

  /** The anomaly scorer's settings: its defaults (chosen on NAB, one setting for every series). */
  public AnomalySettings anomalySettings() {
    return AnomalySettings.defaults();
  }

  public double likelihoodThreshold() {
    return likelihoodThreshold;
  }

  public double likelihoodResolveThreshold() {
    return likelihoodResolveThreshold;
  }

  public double likelihoodCriticalThreshold() {
    return likelihoodCriticalThreshold;
  }

  /** Fire and resolve times of the anomaly-likelihood detector. */
  public Hysteresis likelihoodHysteresis() {
    return likelihoodHysteresis;
  }

  public RobustBaselineSettings metricSettings() {
    return metricSettings;
  }

  public double metricResolveThreshold() {
    return metricResolveThreshold;
  }

  public double metricCriticalThreshold() {
    return metricCriticalThreshold;
  }

  public Hysteresis metricHysteresis() {
    return metricHysteresis;
  }

  public Duration seriesExpiry() {
    return seriesExpiry;
  }

  public boolean serviceModelEnabled() {
    return serviceModelEnabled;
  }

  public ServiceModelSettings serviceModelSettings() {
    return serviceModelSettings;
  }

  /** How long after its bucket's end a service-model verdict counts for a series' points. */
  public Duration serviceVerdictMaxAge() {
    return serviceVerdictMaxAge;
  }

  public ErrorBurstSettings errorBurstSettings() {
    return errorBurstSettings;
  }

  public Hysteresis logHysteresis() {
    return logHysteresis;
  }

  public Duration serviceExpiry() {
    return serviceExpiry;
  }

  /** The log template side: warm-up, new-template alerts, the miner's cap, template expiry. */
  public TemplateWatchSettings templateWatchSettings() {
    return templateWatchSettings;
  }

  /**
   * The metric detector's settings for the count series of log templates: the metric settings with
   * the count floor {@link #LOGS_TEMPLATE_RATE_MIN_SCALE} as the absolute minimum scale.
   */
  public RobustBaselineSettings templateRateSettings() {
    return templateRateSettings;
  }

  /** Kafka client settings for the job's sources and sinks (security and the like). */
  public Map<String, String> kafkaClientProperties() {
    return kafkaClientProperties;
  }

  private static Map<String, String> kafkaClientProperties(Map<String, ?> config) {
    Map<String, String> props = new LinkedHashMap<>();
    config.forEach(
        (key, value) -> {
          if (value != null && SHARED_KAFKA_PREFIXES.stream().anyMatch(key::startsWith)) {
            props.put(key, value.toString().strip());
          }
        });
    config.forEach(
        (key, value) -> {
          if (value != null && key.startsWith(KAFKA_PREFIX)) {
            props.put(key.substring(KAFKA_PREFIX.length()), value.toString().strip());
          }
        });
    return Map.copyOf(props);
  }

  private static void rejectUnknownKeys(Map<String, ?> config) {
    TreeSet<String> known = new TreeSet<>();
    ALL.forEach(option -> known.add(option.key()));
    for (String key : config.keySet()) {
      if (key.startsWith(PREFIX) && !key.startsWith(KAFKA_PREFIX) && !known.contains(key)) {
        throw new IllegalArgumentException(
            "Unknown detect setting '" + key + "'; known settings are " + known);
      }
    }
  }

  private static Duration positive(ConfigOption<Duration> option, Map<String, ?> config) {
    Duration value = option.read(config);
    if (value.isZero()) {
      throw new IllegalArgumentException("Setting '" + option.key() + "' must be positive");
    }
    return value;
  }

  private static int atLeast(ConfigOption<Integer> option, Map<String, ?> config, int minimum) {
    int value = option.read(config);
    if (value < minimum) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be at least " + minimum + " but is " + value);
    }
    return value;
  }

  private static double ratio(ConfigOption<String> option, Map<String, ?> config) {
    double value = readDouble(option, config);
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be above 0 and at most 1 but is " + value);
    }
    return value;
  }

  private static Severity severity(ConfigOption<String> option, Map<String, ?> config) {
    String text = option.read(config).strip().toUpperCase(Locale.ROOT);
    try {
      return Severity.valueOf(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Setting '"
              + option.key()
              + "' must be one of "
              + Arrays.toString(Severity.values())
              + " but is '"
              + text
              + "'",
          e);
    }
  }

  private static double readDouble(ConfigOption<String> option, Map<String, ?> config) {
    Object raw = config.get(option.key());
    String text = raw == null ? option.defaultValue() : raw.toString().strip();
    double value;
    try {
      value = raw instanceof Number number ? number.doubleValue() : Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be a number but is '" + text + "'", e);
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be a finite number but is '" + text + "'");
    }
    return value;
  }

  /**
   * The detect settings as a Markdown table (key, type, default, description): the options table of
   * detect/README.md, which a test keeps equal to this.
   */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder();
    out.append("| key | type | default | description |\n|---|---|---|---|\n");
    for (ConfigOption<?> option : ALL) {
      out.append("| `")
          .append(option.key())
          .append("` | ")
          .append(typeName(option))
          .append(" | `")
          .append(formatDefault(option))
          .append("` | ")
          .append(option.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }

  private static String typeName(ConfigOption<?> option) {
    if (option.type() == Duration.class) {
      return "duration (ms)";
    }
    if (option.type() == Integer.class) {
      return "integer";
    }
    if (option.type() == Boolean.class) {
      return "boolean";
    }
    // The string options of this class other than the group id hold numbers.
    return option == GROUP_ID || option == LOGS_TEMPLATE_NEW_SEVERITY || option == METRIC_DETECTOR
        ? "string"
        : "number";
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static String formatDefault(ConfigOption option) {
    return option.format(option.defaultValue());
  }

  private static double positiveDouble(ConfigOption<String> option, Map<String, ?> config) {
    double value = readDouble(option, config);
    if (!(value > 0)) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be positive but is " + value);
    }
    return value;
  }

  private static double nonNegativeDouble(ConfigOption<String> option, Map<String, ?> config) {
    double value = readDouble(option, config);
    if (value < 0) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must not be negative but is " + value);
    }
    return value;
  }

  private static double atLeastDouble(
      ConfigOption<String> option, Map<String, ?> config, double minimum) {
    double value = readDouble(option, config);
    if (value < minimum) {
      throw new IllegalArgumentException(
          "Setting '" + option.key() + "' must be at least " + minimum + " but is " + value);
    }
    return value;
  }
}
