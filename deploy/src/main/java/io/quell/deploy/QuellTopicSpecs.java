/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy;

import io.quell.schemas.topic.TopicDefinition;
import io.quell.schemas.topic.Topics;
import io.quell.stack.TopicSpec;
import java.util.List;

/** The Quell topics as the stack creates them (the stack module knows no Quell topic itself). */
public final class QuellTopicSpecs {
  private QuellTopicSpecs() {}

  /** Every Quell topic under its default name. */
  public static List<TopicSpec> defaults() {
    return of(Topics.defaults());
  }

  /** Every Quell topic under the names {@code topics} configures. */
  public static List<TopicSpec> of(Topics topics) {
    return topics.definitions().stream().map(QuellTopicSpecs::spec).toList();
  }

  private static TopicSpec spec(TopicDefinition d) {
    return new TopicSpec(d.name(), d.partitions(), d.compacted());
  }
}
