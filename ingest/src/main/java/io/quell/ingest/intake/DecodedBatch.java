/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The records of a remote_write or OTLP request, with what was left out without being an error.
 *
 * @param batch the records taken and those rejected
 * @param staleMarkers samples that only say a series went stale (Prometheus' stale NaN, OTLP's
 *     no-recorded-value flag): skipped, since they carry no value
 * @param unsupported items of kinds the intake does not take, by kind (for example {@code
 *     exemplars}, {@code native_histograms}): skipped and counted, never an error
 */
public record DecodedBatch<T>(
    ParsedBatch<T> batch, int staleMarkers, Map<String, Integer> unsupported) {

  public DecodedBatch {
    unsupported = Collections.unmodifiableMap(new LinkedHashMap<>(unsupported));
  }
}
