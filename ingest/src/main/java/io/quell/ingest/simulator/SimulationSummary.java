/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * What a finished play sent.
 *
 * @param start event time of the first step
 * @param end event time at the end of the last step
 * @param steps steps played
 * @param logs log events sent
 * @param metrics metric points sent
 * @param edges topology edges sent
 * @param groundTruths ground truth records sent
 * @param wallTime how long the play took
 */
public record SimulationSummary(
    Instant start,
    Instant end,
    int steps,
    long logs,
    long metrics,
    int edges,
    int groundTruths,
    Duration wallTime) {}
