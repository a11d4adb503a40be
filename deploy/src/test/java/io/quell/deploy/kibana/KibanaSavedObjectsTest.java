/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.deploy.kibana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.index.QuellIndices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The saved objects of deploy/kibana against the index templates: every field a data view or a
 * visualization uses exists in the mapping of the index it reads, aggregations use aggregatable
 * fields, and every reference points to an object in the file. There is no Kibana here, so this is
 * what keeps the dashboard from breaking silently when a field is renamed.
 */
class KibanaSavedObjectsTest {

  static final Path SAVED_OBJECTS = Path.of("kibana/quell-incidents.ndjson");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "quell-";
  // A field name before ':' in a KQL query (not inside quotes, which these queries do not use).
  private static final Pattern KQL_FIELD = Pattern.compile("([A-Za-z@_][\\w.@]*)\\s*:");
  private static final Set<String> AGGREGATABLE =
      Set.of("keyword", "long", "integer", "short", "byte", "double", "float", "date", "boolean");

  @Test
  void shouldUseOnlyFieldsTheIndexTemplatesMap() throws IOException {
    List<JsonNode> objects = read();
    Map<String, JsonNode> dataViews = new HashMap<>();
    for (JsonNode object : objects) {
      if (object.path("type").asText().equals("index-pattern")) {
        dataViews.put(object.path("id").asText(), object);
      }
    }
    assertThat(dataViews).hasSize(3);

    List<String> problems = new ArrayList<>();
    Set<String> fieldsUsed = new LinkedHashSet<>();
    for (JsonNode view : dataViews.values()) {
      JsonNode mappings = mappingsOf(view.path("attributes").path("title").asText(), problems);
      String timeField = view.path("attributes").path("timeFieldName").asText();
      if (mappings != null && !"date".equals(typeOf(mappings, timeField))) {
        problems.add(view.path("id").asText() + ": time field " + timeField + " is no date field");
      }
    }
    for (JsonNode object : objects) {
      if (!object.path("type").asText().equals("visualization")) {
        continue;
      }
      String id = object.path("id").asText();
      String viewId = reference(object, "kibanaSavedObjectMeta.searchSourceJSON.index");
      JsonNode view = dataViews.get(viewId);
      if (view == null) {
        problems.add(id + ": data view " + viewId + " is not in the file");
        continue;
      }
      JsonNode mappings = mappingsOf(view.path("attributes").path("title").asText(), problems);
      JsonNode visState = JSON.readTree(object.path("attributes").path("visState").asText());
      for (JsonNode agg : visState.path("aggs")) {
        String field = agg.path("params").path("field").asText(null);
        if (field == null) {
          continue;
        }
        fieldsUsed.add(field);
        String type = typeOf(mappings, field);
        if (type == null) {
          problems.add(id + ": field " + field + " is not in the template of " + viewId);
        } else if (!AGGREGATABLE.contains(type)) {
          problems.add(id + ": field " + field + " (" + type + ") cannot be aggregated");
        }
      }
      JsonNode search =
          JSON.readTree(
              object
                  .path("attributes")
                  .path("kibanaSavedObjectMeta")
                  .path("searchSourceJSON")
                  .asText());
      for (String field : kqlFields(search.path("query").path("query").asText())) {
        fieldsUsed.add(field);
        if (typeOf(mappings, field) == null) {
          problems.add(id + ": query field " + field + " is not in the template of " + viewId);
        }
      }
    }
    assertThat(problems).isEmpty();
    // The panels the issue asks for read these fields.
    assertThat(fieldsUsed)
        .contains("severity", "status", "firstSeen", "topRootCause", "memberCount", "stepName")
        .contains("outcome");
  }

  @Test
  void shouldResolveEveryReferenceOfTheDashboard() throws IOException {
    List<JsonNode> objects = read();
    Set<String> ids = new LinkedHashSet<>();
    objects.forEach(
        object -> ids.add(object.path("type").asText() + "/" + object.path("id").asText()));
    JsonNode dashboard =
        objects.stream()
            .filter(object -> object.path("type").asText().equals("dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(dashboard.path("attributes").path("title").asText()).isEqualTo("Incidents");

    JsonNode panels = JSON.readTree(dashboard.path("attributes").path("panelsJSON").asText());
    assertThat(panels.size()).isGreaterThanOrEqualTo(5);
    for (JsonNode panel : panels) {
      String refName = panel.path("panelRefName").asText();
      String target = reference(dashboard, refName);
      assertThat(target).as("reference %s", refName).isNotNull();
      assertThat(ids).contains("visualization/" + target);
    }
    for (JsonNode object : objects) {
      for (JsonNode ref : object.path("references")) {
        assertThat(ids)
            .as("reference of %s", object.path("id").asText())
            .contains(ref.path("type").asText() + "/" + ref.path("id").asText());
      }
    }
  }

  @Test
  void shouldFindFieldsThatDoNotExist() {
    JsonNode incidents = QuellIndices.mappings(QuellIndices.Kind.INCIDENTS);

    assertThat(typeOf(incidents, "severity")).isEqualTo("keyword");
    assertThat(typeOf(incidents, "title.keyword")).isEqualTo("keyword");
    assertThat(typeOf(incidents, "alerts.service")).isEqualTo("keyword");
    assertThat(typeOf(incidents, "labels.env")).isEqualTo("flattened");
    assertThat(typeOf(incidents, "rootCause")).isNull();
    assertThat(typeOf(incidents, "alerts.nothing")).isNull();
    assertThat(kqlFields("not status:RESOLVED and labels.env : prod"))
        .containsExactly("status", "labels.env");
  }

  private static List<JsonNode> read() throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : Files.readAllLines(SAVED_OBJECTS)) {
      if (!line.isBlank()) {
        objects.add(JSON.readTree(line));
      }
    }
    return objects;
  }

  /** The merged mapping of the index or data stream a data view title names. */
  private static JsonNode mappingsOf(String title, List<String> problems) {
    for (QuellIndices.Kind kind : QuellIndices.Kind.values()) {
      if (title.equals(PREFIX + kind.suffix())) {
        return QuellIndices.mappings(kind);
      }
    }
    problems.add("data view " + title + " matches no Quell index");
    return JSON.createObjectNode();
  }

  private static String reference(JsonNode object, String name) {
    for (JsonNode ref : object.path("references")) {
      if (ref.path("name").asText().equals(name)) {
        return ref.path("id").asText();
      }
    }
    return null;
  }

  /**
   * The mapping type of a dotted field name: through object properties, multi-fields ({@code
   * title.keyword}) and into flattened fields ({@code labels.env}); null when it is not mapped.
   */
  static String typeOf(JsonNode mappings, String field) {
    JsonNode node = mappings;
    String[] parts = field.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      JsonNode next = node.path("properties").get(parts[i]);
      if (next == null) {
        next = node.path("fields").get(parts[i]);
      }
      if (next == null) {
        return null;
      }
      if ("flattened".equals(next.path("type").asText()) && i < parts.length - 1) {
        return "flattened";
      }
      node = next;
    }
    return node.path("type").asText(node.has("properties") ? "object" : null);
  }

  static List<String> kqlFields(String query) {
    List<String> fields = new ArrayList<>();
    Matcher matcher = KQL_FIELD.matcher(query);
    while (matcher.find()) {
      fields.add(matcher.group(1));
    }
    return fields;
  }
}
