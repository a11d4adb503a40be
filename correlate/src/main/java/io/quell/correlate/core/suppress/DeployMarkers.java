/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.AlertStatus;
import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Deploy markers: an alert with the label {@code event=deploy} and a service (its {@code service}
 * field or label) says that the service was deployed at the alert's start. Producers send it like
 * any alert (JSON intake, Alertmanager webhook, detectors). It opens a deploy window: a silence of
 * kind DEPLOY that mutes the alerts of that service (matcher {@code service="<service>"}) from the
 * deploy's start for the configured length. A marker is not an alert of its own: it never joins or
 * opens an incident. A resolved marker, or one without a service, opens nothing.
 */
public final class DeployMarkers {

  public static final String LABEL = "event";
  public static final String VALUE = "deploy";

  private DeployMarkers() {}

  public static boolean isDeploy(Alert alert) {
    return VALUE.equals(alert.getLabels().get(LABEL));
  }

  /** The service a marker is about, or null. */
  public static String service(Alert alert) {
    return AlertLabels.of(alert).get(AlertLabels.SERVICE);
  }

  /** The id of the window a marker opens: {@code deploy/<service>/<start, UTC>}. */
  public static String windowId(String service, long startsAt) {
    return "deploy/" + service + "/" + Instant.ofEpochMilli(startsAt);
  }

  /**
   * The deploy window of a firing marker with a service; null when it opens none.
   *
   * @param length how long the window lasts; zero opens none
   */
  public static Silence window(Alert marker, Duration length) {
    String service = service(marker);
    if (service == null
        || service.isBlank()
        || marker.getStatus() != AlertStatus.FIRING
        || length.isZero()
        || length.isNegative()) {
      return null;
    }
    Instant start = marker.getStartsAt();
    String version = marker.getLabels().get("version");
    Map<String, String> annotations = marker.getAnnotations();
    String comment =
        "deploy of "
            + service
            + (version == null ? "" : " version " + version)
            + " at "
            + start
            + " (window "
            + length.toSeconds()
            + " s)"
            + (annotations.containsKey("summary") ? ": " + annotations.get("summary") : "");
    return Silence.newBuilder()
        .setId(windowId(service, start.toEpochMilli()))
        .setKind(SilenceKind.DEPLOY)
        .setMatchers(
            List.of(
                Matcher.newBuilder()
                    .setName(AlertLabels.SERVICE)
                    .setOperator(MatchOperator.EQUAL)
                    .setValue(service)
                    .build()))
        .setStartsAt(start)
        .setEndsAt(start.plus(length))
        .setComment(comment)
        .setCreatedBy(marker.getSource())
        .build();
  }
}
