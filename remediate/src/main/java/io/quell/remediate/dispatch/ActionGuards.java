/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.dispatch;

import io.quell.schemas.avro.ActionOutcome;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The built-in guards. */
public final class ActionGuards {

  private ActionGuards() {}

  /** Refuses targets that are not http(s) URLs to a host of {@code allowlist}. */
  public static ActionGuard allowedHosts(HostAllowlist allowlist) {
    return (action, now) -> {
      URI target;
      try {
        target = URI.create(action.getTargetUrl());
      } catch (IllegalArgumentException e) {
        return refuse("target is not a URL: " + e.getMessage());
      }
      return allowlist.allows(target)
          ? Optional.empty()
          : refuse("target host is not in the allowlist " + allowlist + ": " + target.getHost());
    };
  }

  /** Refuses methods other than {@code allowed} (compared ignoring case). */
  public static ActionGuard methods(Set<String> allowed) {
    return (action, now) ->
        allowed.contains(action.getMethod().toUpperCase(Locale.ROOT))
            ? Optional.empty()
            : refuse("method " + action.getMethod() + " is not one of " + allowed);
  }

  /** Reports EXPIRED once the action's deadline has passed. */
  public static ActionGuard notExpired() {
    return (action, now) -> {
      Instant deadline = action.getDeadline();
      return deadline != null && now.isAfter(deadline)
          ? Optional.of(new Verdict(ActionOutcome.EXPIRED, "deadline " + deadline + " passed"))
          : Optional.empty();
    };
  }

  /**
   * Refuses actions that need a person's approval: this version has no approval flow, and an action
   * that needs one must never run without it.
   */
  public static ActionGuard noApprovalRequired() {
    return (action, now) ->
        action.getRequiresApproval()
            ? refuse("the action requires approval, which this dispatcher cannot obtain")
            : Optional.empty();
  }

  private static Optional<Verdict> refuse(String reason) {
    return Optional.of(new Verdict(ActionOutcome.REFUSED, reason));
  }
}
