/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A merge pass over learned templates: joins templates of different lengths that are one event
 * whose variable part sometimes takes more tokens ({@code 2717 bytes sent} and {@code 2717 bytes
 * (2.65 KB) sent}; {@code lifetime 04:50} and {@code lifetime <1 sec}). The miner compares messages
 * only with templates of their own length, so it cannot see these itself.
 *
 * <p>A shorter template is absorbed by a longer one when all its tokens line up, in order, with
 * tokens of the longer one (equal, or both holding a wildcard), and every run of extra tokens in
 * the longer one is either (the shorter one holding at least two constant tokens)
 *
 * <ul>
 *   <li>a parenthesised aside holding a variable: {@code (<*> KB)}, or
 *   <li>at most two tokens right beside a lined-up variable, none of them a field ({@code key=},
 *       {@code key:}): {@code <<*> sec} for {@code <*>}.
 * </ul>
 *
 * Extra words elsewhere ({@code detected and corrected} against {@code detected and corrected over
 * <*> seconds}) are a different event and stay apart.
 *
 * <p>Each group is known by the id of its member with the most messages (ties: the smaller id) and
 * shows that member's text. The miner's ids are not changed: a group maps them.
 */
public final class TemplateMerger {
  private static final int MAX_BESIDE_VARIABLE = 2;
  // A template of (almost) only variables would line up with anything.
  private static final int MIN_CONSTANTS = 2;

  private TemplateMerger() {}

  /** A group of templates: the id it is known by and its text. */
  public record Group(String id, String template) {}

  /** Maps every template's id to its group. */
  public static Map<String, Group> merge(Collection<MinedTemplate> templates) {
    List<MinedTemplate> sorted = new ArrayList<>(templates);
    sorted.sort(
        Comparator.comparingInt(MinedTemplate::length)
            .thenComparing(Comparator.comparingLong(MinedTemplate::getCount).reversed())
            .thenComparing(MinedTemplate::getId));
    int n = sorted.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        MinedTemplate shorter = sorted.get(i);
        MinedTemplate longer = sorted.get(j);
        if (longer.length() > shorter.length()
            && constants(shorter.getTokens()) >= MIN_CONSTANTS
            && absorbs(longer.getTokens(), shorter.getTokens())) {
          union(parent, i, j);
        }
      }
    }
    Map<Integer, Integer> leader = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int root = find(parent, i);
      Integer best = leader.get(root);
      if (best == null || better(sorted.get(i), sorted.get(best))) {
        leader.put(root, i);
      }
    }
    Map<String, Group> groups = new HashMap<>();
    for (int i = 0; i < n; i++) {
      MinedTemplate lead = sorted.get(leader.get(find(parent, i)));
      groups.put(sorted.get(i).getId(), new Group(lead.getId(), lead.text()));
    }
    return groups;
  }

  private static int constants(String[] tokens) {
    int constants = 0;
    for (String token : tokens) {
      if (!isVariable(token)) {
        constants++;
      }
    }
    return constants;
  }

  private static boolean better(MinedTemplate a, MinedTemplate b) {
    return a.getCount() != b.getCount()
        ? a.getCount() > b.getCount()
        : a.getId().compareTo(b.getId()) < 0;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    parent[find(parent, a)] = find(parent, b);
  }

  /**
   * Whether {@code shorter} lines up with {@code longer} with only optional variable parts left.
   */
  static boolean absorbs(String[] longer, String[] shorter) {
    int n = longer.length;
    int m = shorter.length;
    // fit[i][j]: shorter[i..] lines up within longer[j..] (a subsequence under lineUp).
    boolean[][] fit = new boolean[m + 1][n + 1];
    for (int j = 0; j <= n; j++) {
      fit[m][j] = true;
    }
    for (int i = m - 1; i >= 0; i--) {
      for (int j = n - 1; j >= 0; j--) {
        fit[i][j] = (lineUp(shorter[i], longer[j]) && fit[i + 1][j + 1]) || fit[i][j + 1];
      }
    }
    if (!fit[0][0]) {
      return false;
    }
    // The earliest alignment: each token of the shorter one at the first place that still fits.
    boolean[] matched = new boolean[n];
    int j = 0;
    for (int i = 0; i < m; i++) {
      while (!(lineUp(shorter[i], longer[j]) && fit[i + 1][j + 1])) {
        j++;
      }
      matched[j++] = true;
    }
    int k = 0;
    while (k < n) {
      if (matched[k]) {
        k++;
        continue;
      }
      int start = k;
      while (k < n && !matched[k]) {
        k++;
      }
      if (!optional(longer, matched, start, k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean lineUp(String a, String b) {
    return a.equals(b) || (isPureVariable(a) && isPureVariable(b));
  }

  /** A wildcard with punctuation around it only ({@code <*>}, {@code (<*>}, {@code <<*>}). */
  static boolean isPureVariable(String token) {
    int star = token.indexOf(TokenMasker.WILDCARD);
    if (star < 0) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (Character.isLetterOrDigit(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVariable(String token) {
    return token.contains(TokenMasker.WILDCARD);
  }

  /** Whether the extra tokens {@code longer[start..end)} may be left out. */
  private static boolean optional(String[] longer, boolean[] matched, int start, int end) {
    boolean variableInside = false;
    for (int i = start; i < end; i++) {
      variableInside |= isVariable(longer[i]);
    }
    String first = longer[start];
    String last = stripTrailing(longer[end - 1]);
    boolean aside =
        (first.startsWith("(") && last.endsWith(")"))
            || (first.startsWith("[") && last.endsWith("]"));
    if (aside && variableInside) {
      return true;
    }
    boolean besideVariable =
        (start > 0 && matched[start - 1] && isPureVariable(longer[start - 1]))
            || (end < longer.length && matched[end] && isPureVariable(longer[end]));
    if (!besideVariable || end - start > MAX_BESIDE_VARIABLE) {
      return false;
    }
    // A field (key=value, key:) is never the tail of a value.
    for (int i = start; i < end; i++) {
      if (longer[i].indexOf('=') >= 0 || longer[i].indexOf(':') >= 0) {
        return false;
      }
    }
    return true;
  }

  private static String stripTrailing(String token) {
    int end = token.length();
    while (end > 1 && ",;:.".indexOf(token.charAt(end - 1)) >= 0) {
      end--;
    }
    return token.substring(0, end);
  }
}
