/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.metric;

import io.quell.detect.core.anomaly.RobustStatistics;
import java.util.Objects;

/**
 * Scores each point of a series by how far it lies from the median of the last normal points, in
 * units of their spread: the robust z-score {@code |x - median| / scale} with {@code scale =
 * max(1.4826 * MAD, minScaleAbsolute, minScaleRelative * |median|)}. Median and MAD (median
 * absolute deviation; 1.4826 makes it estimate the standard deviation of normal noise) ignore the
 * odd outlier that would drag a mean and standard deviation along.
 *
 * <p>Learning (what the caller passes to {@link #update} as normal; {@link SeriesMonitor} passes
 * points below the threshold, and while an alert is open only points below its resolve score):
 *
 * <ul>
 *   <li>The first {@code warmUpPoints} points are learned without a score.
 *   <li>Afterwards only normal points are learned, so an anomaly does not become its own baseline
 *       (with a plain rolling window a fault lasting half a window would be taken for normal, and
 *       the return to normal would then look anomalous).
 *   <li>Slow drift (daily cycles, growth) is followed because drifting points stay under the
 *       threshold and roll into the window.
 *   <li>A level shift is followed too: after {@code relearnAfterPoints} anomalous points in a row
 *       the window is emptied and the new level learned like a new series.
 * </ul>
 */
public final class RobustBaselineDetector implements MetricDetector<RollingWindow> {
  private static final long serialVersionUID = 1L;

  /** The name in alerts and fingerprints. */
  public static final String NAME = "robust-baseline";

  private final RobustBaselineSettings settings;

  public RobustBaselineDetector(RobustBaselineSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public RobustBaselineSettings settings() {
    return settings;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Class<RollingWindow> stateType() {
    return RollingWindow.class;
  }

  @Override
  public RollingWindow newState() {
    return new RollingWindow();
  }

  @Override
  public double threshold() {
    return settings.threshold();
  }

  @Override
  public Judgement judge(RollingWindow window, double value) {
    if (window.getSize() < settings.warmUpPoints()) {
      return Judgement.learning();
    }
    double[] baseline =
        RobustStatistics.medianAndScale(
            window.snapshot(), settings.minScaleAbsolute(), settings.minScaleRelative());
    double median = baseline[0];
    double scale = baseline[1];
    return Judgement.of(Math.abs(value - median) / scale, median, scale);
  }

  @Override
  public void update(RollingWindow window, double value, boolean normal) {
    if (normal) {
      window.add(value, settings.windowPoints());
      window.setRejectedRun(0);
      return;
    }
    window.setRejectedRun(window.getRejectedRun() + 1);
    if (settings.relearnAfterPoints() > 0
        && window.getRejectedRun() >= settings.relearnAfterPoints()) {
      // The anomaly has lasted long enough to be the new normal: start learning from here.
      window.clear();
      window.add(value, settings.windowPoints());
    }
  }
}
