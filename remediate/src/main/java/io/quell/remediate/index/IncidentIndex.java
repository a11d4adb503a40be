/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incidents index and its composable index template. The template (priority 200, pattern = the
 * index name exactly, so templates of several installations never overlap) carries the mapping;
 * {@link #install()} puts it, creates the index when it does not exist, and adds new fields to the
 * mapping of an index that does. It needs nothing beyond core Elasticsearch: no ingest pipeline,
 * script, ILM policy or data stream.
 */
public final class IncidentIndex {

  private static final Logger LOG = LoggerFactory.getLogger(IncidentIndex.class);
  private static final String TEMPLATE_RESOURCE = "incidents-template.json";

  private final ElasticsearchClient client;
  private final String index;

  public IncidentIndex(ElasticsearchClient client, String index) {
    this.client = Objects.requireNonNull(client, "client");
    this.index = Objects.requireNonNull(index, "index");
  }

  public String name() {
    return index;
  }

  /** Name of the index template: the index name. */
  public String templateName() {
    return index;
  }

  /** The template as JSON, without its index pattern (which is the index name). */
  public static String templateJson() {
    try (InputStream in = IncidentIndex.class.getResourceAsStream(TEMPLATE_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(TEMPLATE_RESOURCE + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Installs the template and makes sure the index exists with the current mapping.
   *
   * @throws IOException when Elasticsearch cannot be reached
   * @throws ElasticsearchException when it refuses
   */
  public void install() throws IOException {
    String template = templateJson();
    client
        .indices()
        .putIndexTemplate(
            request ->
                request
                    .withJson(new StringReader(template))
                    .name(templateName())
                    .indexPatterns(index));
    if (!client.indices().exists(request -> request.index(index)).value()) {
      try {
        client.indices().create(request -> request.index(index));
        LOG.info("Created index {}", index);
        return;
      } catch (ElasticsearchException e) {
        if (!"resource_already_exists_exception".equals(e.error().type())) {
          throw e;
        }
        // Another instance created it meanwhile: fall through and update its mapping.
      }
    }
    String mappings =
        new ObjectMapper().readTree(template).path("template").path("mappings").toString();
    try {
      client
          .indices()
          .putMapping(request -> request.withJson(new StringReader(mappings)).index(index));
    } catch (ElasticsearchException e) {
      // A field whose type changed cannot be updated in place; the index keeps working with its
      // old mapping, and a new index name (prefix) picks up the new one.
      LOG.warn("Could not update the mapping of {}: {}", index, e.getMessage());
    }
  }
}
