/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one series costs the {@link AnomalyScorer} in Flink state with the default settings, kept by
 * Flink's POJO serializer (not Kryo): three windows of 200 doubles, the likelihood's ring of 10,
 * and for a seasonal series the remembered seasons of values (two by default).
 */
class AnomalyStateCostTest {
  private static final Logger LOG = LoggerFactory.getLogger(AnomalyStateCostTest.class);

  private static int serializedBytes(AnomalyState state) throws Exception {
    TypeSerializer<AnomalyState> serializer =
        TypeInformation.of(AnomalyState.class).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(4096);
    serializer.serialize(state, out);
    return out.length();
  }

  private static AnomalyState play(int points, int period) {
    AnomalyScorer scorer = new AnomalyScorer(AnomalySettings.defaults());
    AnomalyState state = new AnomalyState();
    Random random = new Random(5);
    for (int i = 0; i < points; i++) {
      double season = period > 0 ? 30 * Math.sin(2 * Math.PI * i / period) : 0;
      scorer.score(state, 100 + season + random.nextGaussian());
    }
    return state;
  }

  @Test
  void shouldKeepTheStateInFlinksPojoSerializerWithinAFewKilobytesPerSeries() throws Exception {
    assertThat(TypeInformation.of(AnomalyState.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(AnomalyLikelihood.class)).isInstanceOf(PojoTypeInfo.class);

    int learning = serializedBytes(play(300, 0));
    int plain = serializedBytes(play(5000, 0));
    int seasonal = serializedBytes(play(5000, 288));
    LOG.info(
        "AnomalyState serialized: {} B while learning (300 points), {} B for a plain series, {} B"
            + " for a series with a period of 288 points",
        learning,
        plain,
        seasonal);

    // Values and steps windows (2 × 2 × 200 doubles) and the likelihood ring.
    assertThat(plain).isBetween(4 * 200 * 8, 4 * 200 * 8 + 600);
    // The 600 values looked at for a season.
    assertThat(learning).isBetween(plain + 600 * 8 - 2 * 100 * 8, plain + 600 * 8 + 600);
    // Plus the residuals window and the remembered seasons and one point of history.
    int seasons = AnomalySettings.defaults().seasonsRemembered();
    int seasonalExtra = 2 * 200 * 8 + (seasons * 288 + 1) * 8;
    assertThat(seasonal).isBetween(plain + seasonalExtra - 100, plain + seasonalExtra + 600);
    // Bounded: more points do not make it bigger.
    assertThat(serializedBytes(play(20_000, 288))).isEqualTo(seasonal);
  }
}
