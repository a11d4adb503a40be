/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.ArrayList;
import java.util.List;

/**
 * The template one message was assigned to.
 *
 * @param templateId the template's id (stable: see {@link TemplateIds})
 * @param created whether this message founded the template
 * @param tokens the template's tokens at the time of the match
 * @param originals the message's own tokens, position by position
 */
public record TemplateMatch(
    String templateId, boolean created, String[] tokens, String[] originals) {

  /** The template's text at the time of the match: its tokens joined by single spaces. */
  public String template() {
    return String.join(" ", tokens);
  }

  /**
   * The message's variable values: for each template token with a {@value TokenMasker#WILDCARD},
   * the text the wildcards stand for in the message, in order. Computed on demand (the miner's hot
   * path does not need it).
   */
  public List<String> values() {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < tokens.length && i < originals.length; i++) {
      extract(tokens[i], originals[i], values);
    }
    return values;
  }

  /** Matches the constant pieces of a template token against the message token, left to right. */
  static void extract(String pattern, String token, List<String> values) {
    int star = pattern.indexOf(TokenMasker.WILDCARD);
    if (star < 0) {
      return;
    }
    if (pattern.equals(TokenMasker.WILDCARD)) {
      values.add(token);
      return;
    }
    int p = 0;
    int t = 0;
    while (star >= 0) {
      String literal = pattern.substring(p, star);
      if (!token.startsWith(literal, t)) {
        // The token does not follow the pattern (a template that generalised): it is one value.
        values.add(token);
        return;
      }
      t += literal.length();
      p = star + TokenMasker.WILDCARD.length();
      int nextStar = pattern.indexOf(TokenMasker.WILDCARD, p);
      String next = pattern.substring(p, nextStar < 0 ? pattern.length() : nextStar);
      int end;
      if (nextStar < 0) {
        end = token.length() - next.length();
        if (end < t || !token.endsWith(next)) {
          values.add(token.substring(Math.min(t, token.length())));
          return;
        }
      } else {
        end = next.isEmpty() ? token.length() : token.indexOf(next, t);
        if (end < 0) {
          values.add(token.substring(t));
          return;
        }
      }
      values.add(token.substring(t, end));
      t = end;
      star = nextStar;
    }
  }
}
