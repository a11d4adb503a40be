/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.testing;

import io.quell.correlate.core.suppress.LabelMatcher;
import io.quell.schemas.avro.Matcher;
import io.quell.schemas.avro.Silence;
import io.quell.schemas.avro.SilenceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Silences for tests. */
public final class TestSilences {

  private TestSilences() {}

  /** A silence with matchers written as in Alertmanager, e.g. {@code service="checkout"}. */
  public static Silence silence(String id, Instant startsAt, Instant endsAt, String... matchers) {
    return builder(id, startsAt, endsAt, matchers).build();
  }

  public static Silence.Builder builder(
      String id, Instant startsAt, Instant endsAt, String... matchers) {
    List<Matcher> list = new ArrayList<>();
    for (String text : matchers) {
      LabelMatcher parsed = LabelMatcher.parse(text);
      list.add(
          Matcher.newBuilder()
              .setName(parsed.name())
              .setOperator(parsed.operator())
              .setValue(parsed.value())
              .build());
    }
    return Silence.newBuilder()
        .setId(id)
        .setKind(SilenceKind.SILENCE)
        .setMatchers(list)
        .setStartsAt(startsAt)
        .setEndsAt(endsAt)
        .setComment("test silence " + id)
        .setCreatedBy("test");
  }
}
