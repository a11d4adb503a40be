/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.correlate.core.suppress;

import io.quell.schemas.avro.MatchOperator;
import io.quell.schemas.avro.Matcher;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A condition on one label, with Prometheus semantics: {@code =}, {@code !=}, {@code =~} and {@code
 * !~}; regular expressions (Java syntax) must match the whole value, as if written {@code
 * ^(?:re)$}; a label the alert lacks has the empty value, so {@code team=""} matches alerts without
 * a team and {@code team!=""} those with one.
 */
public final class LabelMatcher implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final MatchOperator operator;
  private final String value;
  // Pattern is Serializable, so a compiled rule travels with the job graph.
  private final Pattern pattern;

  private LabelMatcher(String name, MatchOperator operator, String value) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("A matcher needs a label name");
    }
    this.name = name;
    this.operator = Objects.requireNonNull(operator, "operator");
    this.value = Objects.requireNonNull(value, "value");
    if (operator == MatchOperator.REGEX_MATCH || operator == MatchOperator.REGEX_NOT_MATCH) {
      try {
        pattern = Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "Bad regular expression in matcher "
                + name
                + symbol(operator)
                + "\""
                + value
                + "\": "
                + e.getDescription(),
            e);
      }
    } else {
      pattern = null;
    }
  }

  public static LabelMatcher of(String name, MatchOperator operator, String value) {
    return new LabelMatcher(name, operator, value);
  }

  /** The matcher of a silence record. */
  public static LabelMatcher of(Matcher matcher) {
    return new LabelMatcher(matcher.getName(), matcher.getOperator(), matcher.getValue());
  }

  /**
   * Reads a matcher as written in Prometheus and Alertmanager configuration: {@code name=value},
   * {@code name!="value"}, {@code name=~"re"}, {@code name!~"re"}. Double quotes around the value
   * are optional; inside them {@code \"} and {@code \\} are escapes.
   *
   * @throws IllegalArgumentException naming the text when it is not a matcher or the regular
   *     expression is bad
   */
  public static LabelMatcher parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    int at = -1;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c == '=' || c == '!') {
        at = i;
        break;
      }
    }
    if (at <= 0) {
      throw new IllegalArgumentException(
          "Not a matcher: '" + text + "' (expected name=value, name!=value, name=~re or name!~re)");
    }
    String name = trimmed.substring(0, at).trim();
    String rest = trimmed.substring(at);
    MatchOperator operator;
    int length;
    if (rest.startsWith("=~")) {
      operator = MatchOperator.REGEX_MATCH;
      length = 2;
    } else if (rest.startsWith("!~")) {
      operator = MatchOperator.REGEX_NOT_MATCH;
      length = 2;
    } else if (rest.startsWith("!=")) {
      operator = MatchOperator.NOT_EQUAL;
      length = 2;
    } else if (rest.startsWith("=")) {
      operator = MatchOperator.EQUAL;
      length = 1;
    } else {
      throw new IllegalArgumentException("Not a matcher: '" + text + "'");
    }
    return new LabelMatcher(name, operator, unquote(rest.substring(length).trim(), text));
  }

  private static String unquote(String value, String text) {
    if (!value.startsWith("\"")) {
      return value;
    }
    if (value.length() < 2 || !value.endsWith("\"")) {
      throw new IllegalArgumentException("Unterminated quote in matcher '" + text + "'");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        out.append(value.charAt(++i));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether the labels satisfy the matcher; a missing label reads as the empty value. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (operator) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX_MATCH -> pattern.matcher(actual).matches();
      case REGEX_NOT_MATCH -> !pattern.matcher(actual).matches();
    };
  }

  /** Whether every matcher holds; false for an empty list, which would otherwise match all. */
  public static boolean allMatch(Iterable<LabelMatcher> matchers, Map<String, String> labels) {
    boolean any = false;
    for (LabelMatcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return false;
      }
      any = true;
    }
    return any;
  }

  public String name() {
    return name;
  }

  public MatchOperator operator() {
    return operator;
  }

  public String value() {
    return value;
  }

  private static String symbol(MatchOperator operator) {
    return switch (operator) {
      case EQUAL -> "=";
      case NOT_EQUAL -> "!=";
      case REGEX_MATCH -> "=~";
      case REGEX_NOT_MATCH -> "!~";
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof LabelMatcher that
        && name.equals(that.name)
        && operator == that.operator
        && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, operator, value);
  }

  /** As written in configuration: {@code name=~"value"}. */
  @Override
  public String toString() {
    return name
        + symbol(operator)
        + "\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"")
        + "\"";
  }
}
