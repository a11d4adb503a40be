/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostAllowlistTest {

  @Test
  void shouldAllowEveryPortOfAHostWithoutPort() {
    HostAllowlist allowlist = new HostAllowlist(List.of("Hooks.Example.org"));

    assertThat(allowlist.allows(URI.create("https://hooks.example.org/quell"))).isTrue();
    assertThat(allowlist.allows(URI.create("http://HOOKS.example.org:8080/q"))).isTrue();
  }

  @Test
  void shouldAllowOnlyTheGivenPortOfAHostWithPort() {
    HostAllowlist allowlist = new HostAllowlist(List.of("127.0.0.1:8080", "example.org:443"));

    assertThat(allowlist.allows(URI.create("http://127.0.0.1:8080/hook"))).isTrue();
    assertThat(allowlist.allows(URI.create("http://127.0.0.1:8081/hook"))).isFalse();
    assertThat(allowlist.allows(URI.create("https://example.org/hook"))).isTrue();
    assertThat(allowlist.allows(URI.create("http://example.org/hook"))).isFalse();
  }

  @Test
  void shouldRefuseOtherHostsLookalikesAndOtherSchemes() {
    HostAllowlist allowlist = new HostAllowlist(List.of("hooks.example.org"));

    assertThat(allowlist.allows(URI.create("https://evil.example.com/x"))).isFalse();
    assertThat(allowlist.allows(URI.create("https://hooks.example.org.evil.com/x"))).isFalse();
    assertThat(allowlist.allows(URI.create("https://evil.com/?hooks.example.org"))).isFalse();
    assertThat(allowlist.allows(URI.create("https://hooks.example.org@evil.com/x"))).isFalse();
    assertThat(allowlist.allows(URI.create("ftp://hooks.example.org/x"))).isFalse();
    assertThat(allowlist.allows(URI.create("file:///etc/passwd"))).isFalse();
    assertThat(new HostAllowlist(List.of()).allows(URI.create("https://hooks.example.org/")))
        .isFalse();
  }

  @Test
  void shouldRejectEntriesThatAreNotHosts() {
    assertThatThrownBy(() -> new HostAllowlist(List.of("http://x/y")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostAllowlist(List.of("x/y")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
