/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

/**
 * Why one record of a request was not taken.
 *
 * @param index position of the record in the request, counted from 0 in body order (elements of an
 *     array, then further values; non-blank lines of NDJSON)
 * @param field the field at fault, dotted for nested ones ({@code labels.env}); null when the
 *     record as a whole is at fault (not an object, malformed, too large)
 * @param reason the kind of problem, also the metric label
 * @param error what is wrong, for people
 */
public record Rejection(int index, String field, Reason reason, String error) {

  /** Kinds of problems, with the label used in metrics. */
  public enum Reason {
    MISSING_FIELD("missing_field"),
    INVALID_FIELD("invalid_field"),
    NOT_AN_OBJECT("not_an_object"),
    MALFORMED_JSON("malformed_json"),
    TOO_LARGE("too_large"),
    /** More labels (or alert labels) than {@code quell.ingest.max-labels-per-series}. */
    TOO_MANY_LABELS("too_many_labels"),
    /** A log message longer than {@code quell.ingest.max-line-bytes}. */
    LINE_TOO_LONG("line_too_long");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
