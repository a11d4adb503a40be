/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.schemas.topic;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Computes the record key of a value. Serializable, so that Flink sinks can carry it; method
 * references to getters are serializable through this interface.
 */
@FunctionalInterface
public interface KeyFunction<V> extends Function<V, String>, Serializable {}
