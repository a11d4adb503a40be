/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void shouldKeepDocsConfigurationInStepWithTheTypedOptions() throws Exception {
    assertThat(Files.readString(DOC))
        .as("docs/configuration.md is stale: run ./quell config reference > docs/configuration.md")
        .isEqualTo(ConfigReference.markdown());
  }

  @Test
  void shouldListEveryKeyWithItsEnvironmentVariable() {
    String reference = ConfigReference.markdown();
    for (String key : QuellOptions.keys()) {
      assertThat(reference).contains("`" + key + "`").contains(ConfigLoader.envName(key));
    }
  }
}
