/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.ingest.intake;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one JSON object of a request into the Avro value for its topic, or says which field is
 * wrong. Fields are checked in a fixed order and the first problem is reported.
 */
public interface RecordMapper<T> {

  T map(ObjectNode record) throws InvalidRecordException;
}
