/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

/**
 * The judgement of one point.
 *
 * @param score the likelihood score in [0, 1], 0 while an earlier report holds
 * @param reported whether this point starts a reported anomaly (score at or above the threshold
 *     outside a hold)
 * @param zScore the robust z-score behind the raw score (of the seasonal residual when the series
 *     is seasonal)
 * @param expected the value the model expected
 * @param period the season found, in points, or -1
 */
public record AnomalyScore(
    double score, boolean reported, double zScore, double expected, int period) {}
