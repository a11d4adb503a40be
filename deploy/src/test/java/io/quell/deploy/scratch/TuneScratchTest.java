/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.scratch;

import io.quell.detect.core.anomaly.AnomalyScore;
import io.quell.detect.core.anomaly.AnomalyScorer;
import io.quell.detect.core.anomaly.AnomalySettings;
import io.quell.detect.core.anomaly.AnomalyState;
import io.quell.ingest.simulator.*;
import io.quell.schemas.avro.*;
import io.quell.schemas.topic.RecordKeys;
import java.time.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class TuneScratchTest {
  @Test
  void tune() throws Exception {
    AnomalySettings d = AnomalySettings.defaults();
    AnomalySettings s =
        new AnomalySettings(
            d.windowPoints(),
            d.warmUpPoints(),
            d.rawScale(),
            d.minScaleAbsolute(),
            d.minScaleRelative(),
            d.seasonLearnPoints(),
            d.minAutocorrelation(),
            d.seasonsRemembered(),
            d.likelihoodWindow(),
            d.likelihoodHalfLife(),
            d.likelihoodLearnPoints(),
            d.fireThreshold(),
            0);
    AnomalyScorer scorer = new AnomalyScorer(s);
    // per play: max likelihood outside fault per series; root max during fault
    double[] calmMaxes = new double[0];
    List<Double> calmMax = new ArrayList<>();
    List<Double> rootMax = new ArrayList<>();
    List<String> worst = new ArrayList<>();
    int plays = 0;
    for (long seed : new long[] {7, 1, 2, 3, 42}) {
      for (int k = 0; k < 12; k++) {
        Instant start =
            Instant.parse("2026-11-27T00:00:37Z").plus(Duration.ofHours(2).multipliedBy(k));
        Simulator sim =
            new Simulator(
                Scenario.demo(seed),
                new SimulatorOptions(0, start, null).withWarmUp(Scenario.DEMO_WARM_UP));
        List<MetricPoint> pts = new ArrayList<>();
        sim.run(
            new EventSink() {
              public void topology(List<TopologyEdge> e) {}

              public void logs(List<LogEvent> b) {}

              public void metrics(List<MetricPoint> b) {
                pts.addAll(b);
              }

              public void groundTruth(GroundTruth t) {}

              public void flush() {}

              public void close() {}
            },
            p -> {});
        GroundTruth fault = sim.groundTruth().get(0);
        plays++;
        Map<String, AnomalyState> states = new HashMap<>();
        Map<String, Double> calm = new HashMap<>();
        double root = 0;
        for (MetricPoint p : pts) {
          String id = RecordKeys.seriesId(p);
          AnomalyState st = states.computeIfAbsent(id, x -> new AnomalyState());
          AnomalyScore sc = scorer.score(st, p.getValue());
          Instant at = p.getTimestamp();
          String svc = p.getLabels().get("service");
          boolean inFault =
              !at.isBefore(fault.start())
                  && at.isBefore(fault.end().plus(Duration.ofMinutes(2)))
                  && fault.affectedServices().contains(svc);
          if (!inFault) {
            if (sc.score() > calm.getOrDefault(id, 0.0)) calm.put(id, sc.score());
            if (sc.score() > 0.5)
              worst.add(
                  seed
                      + "/"
                      + k
                      + " "
                      + id
                      + " +"
                      + Duration.between(start, at).toMinutes()
                      + "min "
                      + String.format("%.3f", sc.score())
                      + " z="
                      + sc.zScore()
                      + " period="
                      + sc.period());
          } else if (svc.equals(fault.rootService())) {
            root = Math.max(root, sc.score());
          }
        }
        calmMax.addAll(calm.values());
        rootMax.add(root);
      }
    }
    Collections.sort(calmMax);
    Collections.sort(rootMax);
    int n = calmMax.size();
    System.out.println(
        "TUNE plays="
            + plays
            + " series="
            + n
            + " calm max quantiles: 50%="
            + calmMax.get(n / 2)
            + " 90%="
            + calmMax.get(n * 9 / 10)
            + " 99%="
            + calmMax.get(n * 99 / 100)
            + " max="
            + calmMax.get(n - 1));
    System.out.println("TUNE root max: " + rootMax);
    worst.stream().limit(40).forEach(w -> System.out.println("TUNE worst " + w));
    System.out.println("TUNE worst count " + worst.size());
  }
}
