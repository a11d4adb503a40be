/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.quell.schemas.testing.SampleRecords;
import io.quell.schemas.topic.QuellTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the conventions every schema follows, on the .avsc sources and on the schemas compiled
 * into the generated classes: documentation everywhere, optional fields that evolve safely, event
 * times as timestamp-millis. Fails with the list of every offending place.
 */
class SchemaConventionsTest {

  private static final Path AVRO_SOURCES = Path.of("src", "main", "avro");
  private static final String NAMESPACE = "io.quell.schemas.avro";

  /** Closed sets that will never grow, so a reader never needs a fallback symbol. */
  private static final Set<String> ENUMS_WITHOUT_DEFAULT = Set.of(NAMESPACE + ".Weekday");

  private static Map<String, Schema> topLevelSchemas;

  @BeforeAll
  static void parseSources() throws IOException {
    topLevelSchemas = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(AVRO_SOURCES)) {
      // Shared types first, as the build parses them.
      files =
          walk.filter(path -> path.toString().endsWith(".avsc"))
              .sorted(
                  Comparator.comparing((Path path) -> !path.getParent().endsWith("shared"))
                      .thenComparing(Path::toString))
              .toList();
    }
    Schema.Parser parser = new Schema.Parser();
    for (Path file : files) {
      Schema schema = parser.parse(file.toFile());
      topLevelSchemas.put(schema.getFullName(), schema);
    }
  }

  @Test
  void shouldFindTheSchemaSources() {
    assertThat(topLevelSchemas)
        .containsKeys(
            NAMESPACE + ".LogEvent",
            NAMESPACE + ".MetricPoint",
            NAMESPACE + ".Alert",
            NAMESPACE + ".Incident",
            NAMESPACE + ".RemediationAction",
            NAMESPACE + ".ActionResult",
            NAMESPACE + ".Silence",
            NAMESPACE + ".TopologyEdge",
            NAMESPACE + ".LogTemplate");
  }

  @Test
  void shouldDocumentEveryRecordEnumAndFieldInTheSources() {
    List<String> problems = new ArrayList<>();
    topLevelSchemas.values().forEach(schema -> walk(schema, problems));

    assertThat(problems).isEmpty();
  }

  @Test
  void shouldDocumentEveryRecordEnumAndFieldInTheGeneratedClasses() {
    List<String> problems = new ArrayList<>();
    for (Schema source : topLevelSchemas.values()) {
      Schema compiled = SpecificData.get().getSchema(SpecificData.get().getClass(source));
      // The compiled schema carries avro.java.string properties (stringType=String) besides what
      // the source says; the parsing form leaves those out, so the two must agree on it.
      assertThat(SchemaNormalization.toParsingForm(compiled))
          .as("compiled %s", source.getFullName())
          .isEqualTo(SchemaNormalization.toParsingForm(source));
      walk(compiled, problems);
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void shouldDocumentTheSampleRecordsSchemasToo() {
    List<String> problems = new ArrayList<>();
    for (SpecificRecord record : SampleRecords.all()) {
      walk(record.getSchema(), problems);
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void shouldCarryEveryTopLevelRecordOnATopic() {
    List<String> carried =
        QuellTopic.all().stream()
            .map(QuellTopic::valueSchema)
            .flatMap(Optional::stream)
            .map(Schema::getFullName)
            .toList();
    List<String> records =
        topLevelSchemas.values().stream()
            .filter(schema -> schema.getType() == Schema.Type.RECORD)
            .map(Schema::getFullName)
            .toList();

    assertThat(carried).containsExactlyInAnyOrderElementsOf(records);
  }

  /** Walks every named type and field once and records what breaks a convention. */
  private static void walk(Schema root, List<String> problems) {
    walk(root, root.getFullName(), problems, new IdentityHashMap<>());
  }

  private static void walk(
      Schema schema, String where, List<String> problems, Map<Schema, Boolean> seen) {
    if (seen.put(schema, Boolean.TRUE) != null) {
      return;
    }
    switch (schema.getType()) {
      case RECORD -> {
        checkNamed(schema, problems);
        for (Schema.Field field : schema.getFields()) {
          String fieldPath = schema.getFullName() + "." + field.name();
          checkField(field, fieldPath, problems);
          walk(field.schema(), fieldPath, problems, seen);
        }
      }
      case ENUM -> {
        checkNamed(schema, problems);
        if (schema.getEnumDefault() == null
            && !ENUMS_WITHOUT_DEFAULT.contains(schema.getFullName())) {
          problems.add(schema.getFullName() + ": enum has no default symbol for unknown symbols");
        }
      }
      case FIXED -> checkNamed(schema, problems);
      case UNION -> schema.getTypes().forEach(branch -> walk(branch, where, problems, seen));
      case ARRAY -> walk(schema.getElementType(), where, problems, seen);
      case MAP -> walk(schema.getValueType(), where, problems, seen);
      default -> {}
    }
  }

  private static void checkNamed(Schema schema, List<String> problems) {
    if (isBlank(schema.getDoc())) {
      problems.add(schema.getFullName() + ": " + schema.getType() + " has no doc");
    }
    if (!NAMESPACE.equals(schema.getNamespace())) {
      problems.add(schema.getFullName() + ": namespace is not " + NAMESPACE);
    }
  }

  private static void checkField(Schema.Field field, String path, List<String> problems) {
    if (isBlank(field.doc())) {
      problems.add(path + ": field has no doc");
    }
    Schema type = field.schema();
    if (type.isNullable()) {
      if (type.getType() != Schema.Type.UNION
          || type.getTypes().get(0).getType() != Schema.Type.NULL) {
        problems.add(path + ": optional field must be a union starting with null");
      }
      if (!field.hasDefaultValue() || field.defaultVal() != JsonProperties.NULL_VALUE) {
        problems.add(path + ": optional field must default to null");
      }
    }
    if (looksLikeTime(field.name()) && !isTimestampMillis(type)) {
      problems.add(path + ": time field must be a long with logicalType timestamp-millis");
    }
  }

  private static boolean looksLikeTime(String name) {
    return name.equals("timestamp")
        || name.equals("deadline")
        || name.endsWith("At")
        || name.endsWith("Seen")
        || name.equals("windowStart")
        || name.equals("windowEnd");
  }

  private static boolean isTimestampMillis(Schema type) {
    Schema actual =
        type.getType() == Schema.Type.UNION
            ? type.getTypes().stream()
                .filter(branch -> branch.getType() != Schema.Type.NULL)
                .findFirst()
                .orElse(type)
            : type;
    return actual.getType() == Schema.Type.LONG
        && actual.getLogicalType() instanceof LogicalTypes.TimestampMillis;
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
