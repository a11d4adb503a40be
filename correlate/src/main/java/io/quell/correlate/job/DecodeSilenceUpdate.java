/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import io.quell.schemas.avro.Silence;
import io.quell.schemas.registry.SchemaRegistryOptions;

/** Decodes records of quell.silences into {@link SilenceUpdate}s; a tombstone deletes a silence. */
public class DecodeSilenceUpdate extends DecodeCompactedUpdate<Silence, SilenceUpdate> {
  private static final long serialVersionUID = 1L;

  public DecodeSilenceUpdate(SchemaRegistryOptions registry, String stage) {
    super(registry, stage, Silence.class);
  }

  @Override
  protected String keyOf(Silence silence) {
    return silence.getId();
  }

  @Override
  protected SilenceUpdate update(String key, Silence silence) {
    return new SilenceUpdate(key, silence);
  }
}
