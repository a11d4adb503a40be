/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.job;

import static io.quell.correlate.testing.TestAlerts.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.quell.correlate.core.IncidentState;
import io.quell.correlate.testing.DemoTopology;
import io.quell.correlate.testing.Replay;
import io.quell.schemas.avro.Alert;
import io.quell.schemas.avro.TopologyEdge;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.MapTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataOutputViewStreamWrapper;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/**
 * The operator's state and stream types are serialized field by field (POJO, Avro), never by Kryo:
 * Kryo state cannot evolve. Also measures what an incident costs, for the README's state bounds.
 */
class StateTypesTest {

  @Test
  void shouldStoreIncidentStateAsAPojoWithoutGenericFields() {
    TypeInformation<IncidentState> type = TypeInformation.of(IncidentState.class);

    assertThat(type).isInstanceOf(PojoTypeInfo.class);
    assertThat(genericTypesIn(type)).isEmpty();
  }

  @Test
  void shouldCarryTopologyUpdatesAndAlertsWithoutGenericTypes() {
    assertThat(TypeInformation.of(TopologyUpdate.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(genericTypesIn(TypeInformation.of(TopologyUpdate.class))).isEmpty();
    assertThat(TypeInformation.of(Alert.class)).isInstanceOf(AvroTypeInfo.class);
    assertThat(TypeInformation.of(TopologyEdge.class)).isInstanceOf(AvroTypeInfo.class);
  }

  @Test
  void shouldKeepATypicalIncidentWithinTheBytesTheReadmeStates() throws Exception {
    // Twelve alerts on four services, as in the demo's fault.
    Replay replay = new Replay().withTopology(DemoTopology.EDGES);
    replay.alerts(DemoTopology.faultAlerts("payments-db", T0, Duration.ofSeconds(40)));
    IncidentState incident = replay.store.all().get(0);
    assertThat(incident.members).hasSize(12);

    TypeSerializer<IncidentState> serializer =
        TypeInformation.of(IncidentState.class).createSerializer(new SerializerConfigImpl());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    serializer.serialize(incident, new DataOutputViewStreamWrapper(bytes));
    int perMemberIndexEntry =
        incident.members.get(0).fingerprint.length() + incident.id.length() + 8;

    long total = bytes.size() + (long) incident.members.size() * perMemberIndexEntry;
    System.out.printf(
        "incident with %d members: %d bytes of state, %d bytes of index%n",
        incident.members.size(), bytes.size(), incident.members.size() * perMemberIndexEntry);
    // README: about 1.5 KB plus about 450 bytes per member with fingerprints of some 60
    // characters and a few labels (kept for matching silences), index included.
    assertThat(total).isLessThan(1536 + 450L * incident.members.size());
  }

  private static List<TypeInformation<?>> genericTypesIn(TypeInformation<?> type) {
    List<TypeInformation<?>> found = new ArrayList<>();
    collectGeneric(type, found);
    return found;
  }

  private static void collectGeneric(TypeInformation<?> type, List<TypeInformation<?>> found) {
    if (type instanceof GenericTypeInfo<?>) {
      found.add(type);
    } else if (type instanceof PojoTypeInfo<?> pojo) {
      for (int i = 0; i < pojo.getArity(); i++) {
        collectGeneric(pojo.getPojoFieldAt(i).getTypeInformation(), found);
      }
    } else if (type instanceof ListTypeInfo<?> list) {
      collectGeneric(list.getElementTypeInfo(), found);
    } else if (type instanceof MapTypeInfo<?, ?> map) {
      collectGeneric(map.getKeyTypeInfo(), found);
      collectGeneric(map.getValueTypeInfo(), found);
    }
  }
}
