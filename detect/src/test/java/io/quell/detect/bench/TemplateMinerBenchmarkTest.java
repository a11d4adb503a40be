/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, untimed, so that a broken benchmark fails the build. */
class TemplateMinerBenchmarkTest {

  @Test
  void benchmarkMethodsRunOnceOnTheirCorpus() throws Exception {
    TemplateMinerBenchmark benchmark = new TemplateMinerBenchmark();
    benchmark.setUp();

    assertThat(benchmark.mineLearned().templateId()).hasSize(16);
    assertThat(benchmark.mineFromScratch().templates()).isNotEmpty();
  }

  @Test
  void generatedCorpusHasTheRequestedSizeAndFewTemplates() {
    var lines = TemplateMinerBenchmark.generated(2000);
    var miner =
        new io.quell.detect.core.logs.template.TemplateMiner(
            io.quell.detect.core.logs.template.TemplateSettings.defaults());
    lines.forEach(miner::mine);

    assertThat(lines).hasSize(2000);
    assertThat(miner.templates().size()).isLessThan(200);
  }
}
