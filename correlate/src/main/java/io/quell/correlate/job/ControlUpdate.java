/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

/**
 * One record of a control topic on the broadcast side of {@link CorrelateAlerts}: exactly one of a
 * topology update and a silence update. A keyed stream connects to one broadcast stream only, so
 * the two control topics travel together; a record with two nullable fields (not an interface)
 * keeps Flink's POJO serializer, without Kryo.
 */
public record ControlUpdate(TopologyUpdate topology, SilenceUpdate silence) {

  public ControlUpdate {
    if ((topology == null) == (silence == null)) {
      throw new IllegalArgumentException("A control update is a topology or a silence update");
    }
  }

  public static ControlUpdate of(TopologyUpdate update) {
    return new ControlUpdate(update, null);
  }

  public static ControlUpdate of(SilenceUpdate update) {
    return new ControlUpdate(null, update);
  }
}
