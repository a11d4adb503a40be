/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.testing;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Alerts for tests, at named instants. */
public final class TestAlerts {

  /** The start of every test story. */
  public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  private TestAlerts() {}

  public static Instant at(Duration afterT0) {
    return T0.plus(afterT0);
  }

  public static Instant seconds(long afterT0) {
    return T0.plusSeconds(afterT0);
  }

  public static Instant minutes(long afterT0) {
    return T0.plus(Duration.ofMinutes(afterT0));
  }

  /** A firing alert named {@code HighErrorRate} with fingerprint {@code fingerprint}. */
  public static Alert firing(String fingerprint, String service, Instant startsAt) {
    return builder(fingerprint, "HighErrorRate", service, startsAt).build();
  }

  public static Alert firing(
      String fingerprint, String service, Instant startsAt, Severity severity) {
    return builder(fingerprint, "HighErrorRate", service, startsAt).setSeverity(severity).build();
  }

  /** The resolution of {@code alert} at {@code endsAt}. */
  public static Alert resolved(Alert alert, Instant endsAt) {
    return Alert.newBuilder(alert).setStatus(AlertStatus.RESOLVED).setEndsAt(endsAt).build();
  }

  public static Alert.Builder builder(
      String fingerprint, String name, String service, Instant startsAt) {
    Map<String, String> labels = new HashMap<>();
    labels.put("alertname", name);
    labels.put("env", "prod");
    if (service != null) {
      labels.put("service", service);
    }
    return Alert.newBuilder()
        .setFingerprint(fingerprint)
        .setName(name)
        .setSource("test")
        .setStatus(AlertStatus.FIRING)
        .setSeverity(Severity.WARNING)
        .setService(service)
        .setLabels(labels)
        .setAnnotations(Map.of())
        .setStartsAt(startsAt);
  }
}
