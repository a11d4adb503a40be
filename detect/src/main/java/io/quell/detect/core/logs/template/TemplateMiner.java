/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.detect.core.logs.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online log template mining: each message, one at a time, gets the id of a template and the values
 * of its variable parts.
 *
 * <ol>
 *   <li>The {@link TokenMasker} splits the message into tokens and masks the obvious variables.
 *   <li>A masked form met before goes straight to its template (a bounded cache).
 *   <li>Otherwise the message is compared with the templates of its token count: the share of
 *       positions where they agree (a wildcard agrees with anything). The best template at or above
 *       {@link TemplateSettings#similarity} takes the message and generalises: the positions where
 *       they differ become wildcards. The template keeps its id; its text changes.
 *   <li>Otherwise the message founds a new template, whose id is a hash of its masked tokens
 *       ({@link TemplateIds}). At {@link TemplateSettings#maxTemplates} the template matched least
 *       recently is forgotten first.
 * </ol>
 *
 * Not thread-safe: one miner per stream (per service in a keyed job). Its state is {@link
 * #snapshot()} and {@link #restore}.
 */
public final class TemplateMiner {
  private final TemplateSettings settings;
  private final TokenMasker masker;
  // Access order: iteration starts at the template matched least recently, the one to evict.
  private final LinkedHashMap<String, MinedTemplate> byId = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Integer, List<MinedTemplate>> byLength = new HashMap<>();
  private final HashMap<TokensKey, MinedTemplate> cache = new HashMap<>();
  private long clock;

  public TemplateMiner(TemplateSettings settings) {
    this.settings = settings;
    this.masker = new TokenMasker(settings.maxTokens(), settings.maxTokenLength());
  }

  /** A miner that goes on from a snapshot (its templates, ids and clock). */
  public static TemplateMiner restore(TemplateSettings settings, TemplateMinerState state) {
    TemplateMiner miner = new TemplateMiner(settings);
    miner.clock = state.getClock();
    List<MinedTemplate> templates = new ArrayList<>(state.getTemplates());
    templates.sort((a, b) -> Long.compare(a.getLastSeen(), b.getLastSeen()));
    for (MinedTemplate template : templates) {
      // Copies: the snapshot stays as it was while the miner goes on.
      MinedTemplate copy = template.copy();
      if (copy.getLearned() == null || copy.getLearned().length != copy.length()) {
        copy.setLearned(new boolean[copy.length()]);
      }
      miner.add(copy);
    }
    return miner;
  }

  /** The templates and the clock, as a bean for Flink state (copies: the miner goes on). */
  public TemplateMinerState snapshot() {
    List<MinedTemplate> copies = new ArrayList<>(byId.size());
    for (MinedTemplate t : byId.values()) {
      copies.add(t.copy());
    }
    return new TemplateMinerState(copies, clock);
  }

  public TemplateSettings settings() {
    return settings;
  }

  public TokenMasker masker() {
    return masker;
  }

  /** The templates, least recently matched first. Do not modify them. */
  public Collection<MinedTemplate> templates() {
    return java.util.Collections.unmodifiableCollection(byId.values());
  }

  /**
   * The template with this id, or null (never learned, or evicted). A look-up counts as a use: it
   * moves the template to the end of the eviction order.
   */
  public MinedTemplate template(String id) {
    return byId.get(id);
  }

  /** Assigns one message to a template, learning from it. */
  public TemplateMatch mine(String message) {
    TokenMasker.Masked masked = masker.mask(message);
    String[] tokens = masked.tokens();
    clock++;
    TokensKey key = new TokensKey(tokens);
    MinedTemplate template = cache.get(key);
    boolean created = false;
    if (template == null || byId.get(template.getId()) != template) {
      template = best(tokens);
      if (template == null) {
        template = found(tokens);
        created = true;
      } else {
        generalise(template, tokens);
      }
      if (cache.size() >= settings.cacheSize()) {
        // Cheaper than an LRU and good enough: a full cache means many distinct forms anyway.
        cache.clear();
      }
      if (settings.cacheSize() > 0) {
        cache.put(key, template);
      }
    }
    template.setCount(template.getCount() + 1);
    template.setLastSeen(clock);
    return new TemplateMatch(template.getId(), created, template.getTokens(), masked.originals());
  }

  /** The most similar template of the same length at or above the threshold, or null. */
  private MinedTemplate best(String[] tokens) {
    List<MinedTemplate> candidates = byLength.get(tokens.length);
    if (candidates == null) {
      return null;
    }
    MinedTemplate best = null;
    int bestAgree = -1;
    int needed = (int) Math.ceil(settings.similarity() * tokens.length - 1e-9);
    for (MinedTemplate candidate : candidates) {
      int agree = agreement(candidate.getTokens(), tokens);
      if (agree >= needed && agree > bestAgree && compatible(candidate, tokens)) {
        best = candidate;
        bestAgree = agree;
      }
    }
    return best;
  }

  /**
   * Positions where the template and the message have the same token. A wildcard of the template
   * agrees only with a masked token of the message: a word where the template learned a variable
   * still counts against the match, so that a template that generalised a lot does not swallow
   * every message of its length.
   */
  static int agreement(String[] template, String[] tokens) {
    int agree = 0;
    for (int i = 0; i < tokens.length; i++) {
      if (template[i].equals(tokens[i])) {
        agree++;
      }
    }
    return agree;
  }

  /**
   * Whether a template may take the message at all: positions where they differ must be free to
   * become variables. A {@code key=value} token whose value is a plain word is not: such values are
   * states and switches ({@code user=root}, {@code state=RUNNING}) that tell events apart, while
   * values with digits are masked before and names with dots ({@code host=a.example.org}) may vary.
   */
  static boolean compatible(MinedTemplate candidate, String[] tokens) {
    String[] template = candidate.getTokens();
    boolean[] learned = candidate.getLearned();
    for (int i = 0; i < tokens.length; i++) {
      String t = template[i];
      String m = tokens[i];
      if (t.equals(m)) {
        continue;
      }
      if (hasWordValue(t)) {
        return false;
      }
      // A number and a word in one place are different events (SOCKS5 / HTTPS): a masked position
      // takes no word, a constant word no masked value. Wildcards learned from words take words.
      boolean wordInMessage = m.indexOf(TokenMasker.WILDCARD) < 0;
      if (t == TokenMasker.WILDCARD && !learned[i] && wordInMessage) {
        return false;
      }
      if (m.equals(TokenMasker.WILDCARD) && t.indexOf(TokenMasker.WILDCARD) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code key=word}: a value of letters and underscores only, after the last '='. */
  static boolean hasWordValue(String token) {
    int eq = token.lastIndexOf('=');
    if (eq < 0) {
      return false;
    }
    int end = token.length();
    while (end > eq + 1 && ",;)]}".indexOf(token.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end == eq + 1) {
      return false;
    }
    for (int i = eq + 1; i < end; i++) {
      char c = token.charAt(i);
      if (!(Character.isLetter(c) || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Turns the positions where the message differs into wildcards (a new array: matches keep
   * theirs).
   */
  private static void generalise(MinedTemplate template, String[] tokens) {
    String[] current = template.getTokens();
    String[] updated = null;
    for (int i = 0; i < tokens.length; i++) {
      if (current[i] != TokenMasker.WILDCARD && !current[i].equals(tokens[i])) {
        if (updated == null) {
          updated = current.clone();
        }
        updated[i] = generalised(current[i], tokens[i]);
        template.getLearned()[i] = true;
      }
    }
    if (updated != null) {
      template.setTokens(updated);
    }
  }

  /**
   * Two different tokens as one with a wildcard, keeping what they share up to a separator in front
   * ({@code rhost=a.org}, {@code rhost=b.net} → {@code rhost=<*>}) and the punctuation they share
   * behind ({@code KB)}, {@code MB)} → {@code <*>)}), so that fields keep their names and asides
   * their brackets.
   */
  static String generalised(String a, String b) {
    int limit = Math.min(a.length(), b.length());
    int prefix = 0;
    for (int i = 0; i < limit && a.charAt(i) == b.charAt(i); i++) {
      if (TokenMasker.isSeparator(a.charAt(i))) {
        prefix = i + 1;
      }
    }
    int suffix = 0;
    while (suffix < limit - prefix) {
      char ca = a.charAt(a.length() - 1 - suffix);
      if (ca != b.charAt(b.length() - 1 - suffix) || Character.isLetterOrDigit(ca) || ca == '>') {
        break;
      }
      suffix++;
    }
    if (prefix == 0 && suffix == 0) {
      return TokenMasker.WILDCARD;
    }
    String prefixText = a.substring(0, prefix);
    if (prefixText.endsWith("<") && a.startsWith(TokenMasker.WILDCARD, prefix - 1)) {
      prefixText = prefixText.substring(0, prefix - 1);
    }
    return prefixText + TokenMasker.WILDCARD + a.substring(a.length() - suffix);
  }

  private MinedTemplate found(String[] tokens) {
    String[] own = tokens.clone();
    for (int i = 0; i < own.length; i++) {
      if (own[i].equals(TokenMasker.WILDCARD)) {
        own[i] = TokenMasker.WILDCARD; // one instance: agreement() compares by identity first
      }
    }
    MinedTemplate template = new MinedTemplate(TemplateIds.of(own), own, 0, clock);
    while (byId.size() >= settings.maxTemplates()) {
      evictLeastRecent();
    }
    MinedTemplate clash = byId.get(template.getId());
    if (clash != null) {
      // The same masked form founded a template that was not similar enough to join (impossible
      // for an identical form): keep the older one.
      return clash;
    }
    add(template);
    return template;
  }

  private void add(MinedTemplate template) {
    String[] tokens = template.getTokens();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i].equals(TokenMasker.WILDCARD)) {
        tokens[i] = TokenMasker.WILDCARD;
      }
    }
    byId.put(template.getId(), template);
    byLength.computeIfAbsent(tokens.length, n -> new ArrayList<>()).add(template);
  }

  private void evictLeastRecent() {
    Iterator<MinedTemplate> it = byId.values().iterator();
    MinedTemplate victim = it.next();
    it.remove();
    List<MinedTemplate> sameLength = byLength.get(victim.length());
    sameLength.remove(victim);
    if (sameLength.isEmpty()) {
      byLength.remove(victim.length());
    }
  }

  /** An array of tokens as a hash key (hash computed once). */
  private static final class TokensKey {
    private final String[] tokens;
    private final int hash;

    TokensKey(String[] tokens) {
      this.tokens = tokens;
      this.hash = Arrays.hashCode(tokens);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof TokensKey other
          && hash == other.hash
          && Arrays.equals(tokens, other.tokens);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
