/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.Arrays;

/**
 * Splits a log message into tokens at white space and replaces the parts of each token that are
 * obviously variable by {@value #WILDCARD}, before any learning.
 *
 * <p>A token is first stripped of surrounding punctuation (opening brackets and quotes in front;
 * closing brackets, quotes, {@code , ; : . ! ?} behind), which stays in the masked token. Its core
 * is then masked whole when it is a URL ({@code ://}) or an absolute path ({@code /…}); otherwise
 * it is cut into parts at the separators {@code = : , ; | # ( ) [ ] { } < > ' " @}, and a part is
 * masked when it
 *
 * <ul>
 *   <li>is a run of eight or more hex digits, with or without a digit among them ({@code
 *       dfadbefd}): ids and hashes;
 *   <li>contains a digit: numbers, IP addresses, ports, hex ids ({@code 0x1f}, {@code 3fa9c2…}),
 *       UUIDs, durations ({@code 12ms}, {@code 3.5s}), sizes, dates and times, ids such as {@code
 *       blk_-695…} or {@code attempt_1445_0020_m_000008_0};
 *   <li>is an absolute path;
 *   <li>follows {@code =} (the value of {@code key=value}; an empty value stays empty).
 * </ul>
 *
 * Masked parts joined only by separators collapse into one: {@code 10.1.2.3:50010} and {@code
 * 18:01:47,978} become one {@value #WILDCARD}, {@code uid=0} becomes {@code uid=<*>}. Month and
 * weekday names next to a masked token ({@code Sun Jul 17 08:06:12 2005}) are masked too, so that
 * dates mask whole. Everything else is left to the miner, which learns the variable positions from
 * the data.
 *
 * <p>Thread-safe (no state).
 */
public final class TokenMasker {
  /** The mask of a variable part. */
  public static final String WILDCARD = "<*>";

  private static final String[] EMPTY = new String[0];

  private final int maxTokens;
  private final int maxTokenLength;

  /**
   * @param maxTokens tokens kept per message; the rest of a longer message becomes one last
   *     variable token, which bounds the size of a template
   * @param maxTokenLength tokens longer than this are masked whole (long blobs are never constants
   *     worth keeping)
   */
  public TokenMasker(int maxTokens, int maxTokenLength) {
    if (maxTokens < 1 || maxTokenLength < 1) {
      throw new IllegalArgumentException("maxTokens and maxTokenLength must be positive");
    }
    this.maxTokens = maxTokens;
    this.maxTokenLength = maxTokenLength;
  }

  /** A message's tokens as written and as masked, position by position. */
  public record Masked(String[] originals, String[] tokens) {
    public int length() {
      return tokens.length;
    }
  }

  /** Tokenises and masks one message. */
  public Masked mask(String message) {
    String[] originals = split(message);
    String[] tokens = new String[originals.length];
    for (int i = 0; i < originals.length; i++) {
      tokens[i] = maskToken(originals[i]);
    }
    maskDateWords(originals, tokens);
    return new Masked(originals, tokens);
  }

  /** The message's white-space separated tokens, at most {@code maxTokens}. */
  String[] split(String message) {
    int n = message.length();
    String[] out = new String[Math.min(16, maxTokens)];
    int count = 0;
    int i = 0;
    while (i < n) {
      while (i < n && message.charAt(i) <= ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (count == maxTokens - 1) {
        // The tail of an over-long message is one token: it is masked as too long or kept whole.
        int end = n;
        while (end > i && message.charAt(end - 1) <= ' ') {
          end--;
        }
        out = grow(out, count + 1);
        out[count++] = message.substring(i, end);
        break;
      }
      int start = i;
      while (i < n && message.charAt(i) > ' ') {
        i++;
      }
      out = grow(out, count + 1);
      out[count++] = message.substring(start, i);
    }
    return count == 0 ? EMPTY : count == out.length ? out : Arrays.copyOf(out, count);
  }

  private static String[] grow(String[] array, int needed) {
    return needed <= array.length ? array : Arrays.copyOf(array, array.length * 2);
  }

  /** The masked form of one token (no white space in it). */
  public String maskToken(String token) {
    int n = token.length();
    if (n > maxTokenLength) {
      return WILDCARD;
    }
    // Fast path: most constant words have no digit, no slash and no '='.
    boolean suspicious = false;
    for (int i = 0; i < n; i++) {
      char c = token.charAt(i);
      if ((c >= '0' && c <= '9') || c == '/' || c == '=') {
        suspicious = true;
        break;
      }
    }
    int start = 0;
    while (start < n && isLeading(token.charAt(start))) {
      start++;
    }
    int end = n;
    while (end > start && isTrailing(token.charAt(end - 1))) {
      end--;
    }
    if (!suspicious) {
      // A hex id need not hold a digit (dfadbefd); no word of 8 letters is made of a to f alone.
      return isHexRun(token, start, end)
          ? token.substring(0, start) + WILDCARD + token.substring(end)
          : token;
    }
    if (start == end) {
      return token;
    }
    if (token.charAt(start) == '/' && end - start > 1
        || token.indexOf("://", start) >= 0
        || isHostAndPort(token, start, end)) {
      return token.substring(0, start) + WILDCARD + token.substring(end);
    }
    StringBuilder out = new StringBuilder(n + 4);
    out.append(token, 0, start);
    int i = start;
    boolean afterEquals = false;
    while (i < end) {
      char c = token.charAt(i);
      if (isSeparator(c)) {
        out.append(c);
        afterEquals = c == '=';
        i++;
        continue;
      }
      int partStart = i;
      boolean digit = false;
      while (i < end && !isSeparator(token.charAt(i))) {
        char d = token.charAt(i);
        digit |= d >= '0' && d <= '9';
        i++;
      }
      boolean path = token.charAt(partStart) == '/' && i - partStart > 1;
      if (digit || path || isHexRun(token, partStart, i)) {
        appendWildcard(out);
      } else {
        out.append(token, partStart, i);
      }
      afterEquals = false;
    }
    out.append(token, end, n);
    return out.toString();
  }

  /** Eight or more hex digits, letters or not: an id or a hash. */
  private static boolean isHexRun(String token, int start, int end) {
    if (end - start < 8) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = token.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** {@code name.domain:port}: a dotted host name with a port, one address like an IP and port. */
  private static boolean isHostAndPort(String token, int start, int end) {
    int colon = token.lastIndexOf(':', end - 1);
    if (colon <= start + 2 || colon == end - 1) {
      return false;
    }
    for (int i = colon + 1; i < end; i++) {
      char c = token.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    boolean dot = false;
    for (int i = start; i < colon; i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dot = true;
      } else if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        return false;
      }
    }
    return dot && token.charAt(colon - 1) != '.';
  }

  /**
   * Appends a wildcard, or absorbs it into the wildcard that ends {@code out} when only joining
   * separators lie between them ({@code <*>:<*>} is one address, {@code <*>##<*>} one list).
   */
  private static void appendWildcard(StringBuilder out) {
    int j = out.length();
    while (j > 0 && isJoiner(out.charAt(j - 1))) {
      j--;
    }
    if (j >= 3 && j < out.length() && out.charAt(j - 1) == '>' && endsWithWildcard(out, j)) {
      out.setLength(j);
      return;
    }
    out.append(WILDCARD);
  }

  private static boolean endsWithWildcard(StringBuilder out, int end) {
    return out.charAt(end - 3) == '<' && out.charAt(end - 2) == '*' && out.charAt(end - 1) == '>';
  }

  /** Month and weekday names beside a masked token are part of a date. */
  private static void maskDateWords(String[] originals, String[] tokens) {
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      if (t.length() == 3 && t == originals[i] && isDateWord(t)) {
        boolean before = i > 0 && isWildcardLike(tokens[i - 1]);
        boolean after = i + 1 < tokens.length && isWildcardLike(tokens[i + 1]);
        if (before || after) {
          tokens[i] = WILDCARD;
        }
      }
    }
    // A second pass catches "Sun Jul 17": Jul was masked beside 17, Sun beside Jul.
    for (int i = tokens.length - 1; i >= 0; i--) {
      String t = tokens[i];
      if (t.length() == 3
          && t == originals[i]
          && isDateWord(t)
          && i + 1 < tokens.length
          && tokens[i + 1].equals(WILDCARD)) {
        tokens[i] = WILDCARD;
      }
    }
  }

  private static boolean isDateWord(String t) {
    switch (t) {
      case "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
      case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
        return true;
      default:
        return false;
    }
  }

  private static boolean isWildcardLike(String token) {
    return token.equals(WILDCARD);
  }

  private static boolean isLeading(char c) {
    return c == '(' || c == '[' || c == '{' || c == '<' || c == '\'' || c == '"';
  }

  private static boolean isTrailing(char c) {
    return c == ')' || c == ']' || c == '}' || c == '>' || c == '\'' || c == '"' || c == ','
        || c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
  }

  static boolean isSeparator(char c) {
    switch (c) {
      case '=', ':', ',', ';', '|', '#', '(', ')', '[', ']', '{', '}', '<', '>', '\'', '"', '@':
        return true;
      default:
        return false;
    }
  }

  /** Separators that join the parts of one value (address and port, list items). */
  private static boolean isJoiner(char c) {
    return c == ':' || c == ',' || c == ';' || c == '|' || c == '#';
  }
}
