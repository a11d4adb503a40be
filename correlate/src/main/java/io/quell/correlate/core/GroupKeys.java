/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import io.quell.schemas.avro.Alert;
import java.util.List;

/**
 * The identity by which alerts without a service group: their name and the values of the configured
 * labels. Kept deliberately simple (exact equality); an alert that lacks a configured label gets no
 * key and opens an incident of its own.
 */
public final class GroupKeys {

  private GroupKeys() {}

  /** The key of {@code alert}, or null when it has a service or lacks a grouping label. */
  public static String of(Alert alert, List<String> groupLabels) {
    if (alert.getService() != null) {
      return null;
    }
    StringBuilder key = new StringBuilder(alert.getName());
    for (String label : groupLabels) {
      String value = alert.getLabels().get(label);
      if (value == null) {
        return null;
      }
      // NUL cannot occur in label values read from Prometheus or Avro strings in practice, so the
      // parts cannot run into each other.
      key.append('\u0000').append(label).append('=').append(value);
    }
    return key.toString();
  }

  /** The key in words, for a join reason. */
  static String describe(Alert alert, List<String> groupLabels) {
    StringBuilder text = new StringBuilder("same alert name ").append(alert.getName());
    if (groupLabels.isEmpty()) {
      return text.append(", no service").toString();
    }
    text.append(" and labels ");
    for (int i = 0; i < groupLabels.size(); i++) {
      String label = groupLabels.get(i);
      text.append(i == 0 ? "" : ", ")
          .append(label)
          .append('=')
          .append(alert.getLabels().get(label));
    }
    return text.toString();
  }
}
