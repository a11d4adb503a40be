/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The hosts the dispatcher may send requests to. An entry {@code host} allows every port of the
 * host, {@code host:port} that port only. Hosts compare case-insensitively and literally: no DNS
 * lookup, so {@code localhost} does not allow {@code 127.0.0.1}. Anyone who can write to
 * quell.actions can name a target; the allowlist keeps the signed requests of the dispatcher from
 * going anywhere else.
 */
public final class HostAllowlist {

  private record Entry(String host, int port) {}

  private final List<Entry> entries;
  private final List<String> asGiven;

  /**
   * @param hosts entries as {@code host} or {@code host:port}
   * @throws IllegalArgumentException for an entry that is not a host name or address
   */
  public HostAllowlist(List<String> hosts) {
    List<Entry> parsed = new ArrayList<>();
    for (String host : hosts) {
      URI uri;
      try {
        uri = URI.create("http://" + host.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Not a host or host:port: '" + host + "'", e);
      }
      if (uri.getHost() == null
          || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
          || uri.getUserInfo() != null) {
        throw new IllegalArgumentException("Not a host or host:port: '" + host + "'");
      }
      parsed.add(new Entry(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort()));
    }
    this.entries = List.copyOf(parsed);
    this.asGiven = List.copyOf(hosts);
  }

  /** Whether {@code target} is an http(s) URL to an allowed host and port. */
  public boolean allows(URI target) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || target.getHost() == null) {
      return false;
    }
    String host = target.getHost().toLowerCase(Locale.ROOT);
    int port = target.getPort() != -1 ? target.getPort() : scheme.equals("https") ? 443 : 80;
    for (Entry entry : entries) {
      if (entry.host().equals(host) && (entry.port() == -1 || entry.port() == port)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return asGiven.toString();
  }
}
