/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.SilenceKind;
import io.quell.schemas.avro.Suppression;
import java.util.Objects;

/**
 * What mutes an alert: a silence or maintenance window (by its id), a deploy window ({@code
 * deploy/<service>/<start>}) or an inhibition rule (by its name).
 *
 * @param id the silence id, deploy window id or rule name
 * @param kind which of them
 * @param reason why, in words
 */
public record Mute(String id, SilenceKind kind, String reason) {

  public Mute {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
  }

  public Suppression toSuppression() {
    return Suppression.newBuilder().setSilenceId(id).setKind(kind).setReason(reason).build();
  }
}
