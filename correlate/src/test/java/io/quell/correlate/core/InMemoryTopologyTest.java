/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.avro.EdgeKind;
import io.quell.schemas.avro.TopologyEdge;
import org.junit.jupiter.api.Test;

class InMemoryTopologyTest {

  private static TopologyEdge edge(String caller, String callee, EdgeKind kind) {
    return TopologyEdge.newBuilder().setCaller(caller).setCallee(callee).setKind(kind).build();
  }

  @Test
  void findsAnEdgeByCallerAndCalleeOnlyInItsDirection() {
    InMemoryTopology topology = new InMemoryTopology().put("web", "api", EdgeKind.HTTP);

    assertThat(topology.edge("web", "api")).contains(edge("web", "api", EdgeKind.HTTP));
    assertThat(topology.edge("api", "web")).isEmpty();
    assertThat(topology.edge("web", "db")).isEmpty();
  }

  @Test
  void aReplacedEdgeIsFoundInItsNewFormAndATombstoneRemovesIt() {
    InMemoryTopology topology = new InMemoryTopology().put("web", "api", EdgeKind.HTTP);

    topology.put("web", "api", EdgeKind.RPC);
    assertThat(topology.edge("web", "api")).contains(edge("web", "api", EdgeKind.RPC));

    topology.apply("web->api", null);
    assertThat(topology.edge("web", "api")).isEmpty();
    assertThat(topology.edgesOf("web")).isEmpty();
    assertThat(topology.size()).isZero();
  }

  @Test
  void anEdgeStoredUnderAnotherKeyIsFoundByThatKey() {
    InMemoryTopology topology = new InMemoryTopology().put("web", "api", EdgeKind.HTTP);

    // A record whose key does not name its edge: lookups go by the key, as the topic has it.
    topology.apply("cart->db", edge("cart", "cache", EdgeKind.CACHE));

    assertThat(topology.edge("cart", "db")).contains(edge("cart", "cache", EdgeKind.CACHE));
    assertThat(topology.edge("cart", "cache")).isEmpty();
    assertThat(topology.edge("web", "api")).contains(edge("web", "api", EdgeKind.HTTP));
  }

  @Test
  void serviceNamesWithTheKeySeparatorAreFoundByTheirKey() {
    InMemoryTopology topology = new InMemoryTopology().put("a->b", "c", EdgeKind.QUEUE);

    // "a" -> "b->c" has the same key as "a->b" -> "c".
    assertThat(topology.edge("a->b", "c")).contains(edge("a->b", "c", EdgeKind.QUEUE));
    assertThat(topology.edge("a", "b->c")).contains(edge("a->b", "c", EdgeKind.QUEUE));
  }
}
