/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.Silence;
import java.util.Objects;

/**
 * One record of quell.silences: a silence to create or replace under its key, or the deletion of
 * the key (a tombstone).
 *
 * @param key the record key, the silence id
 * @param silence the silence, or null to delete the key
 */
public record SilenceUpdate(String key, Silence silence) {

  public SilenceUpdate {
    Objects.requireNonNull(key, "key");
  }

  public static SilenceUpdate upsert(Silence silence) {
    return new SilenceUpdate(silence.getId(), silence);
  }

  public static SilenceUpdate removal(String id) {
    return new SilenceUpdate(id, null);
  }

  public boolean isRemoval() {
    return silence == null;
  }
}
