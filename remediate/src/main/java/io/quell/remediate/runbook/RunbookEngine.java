/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quell.remediate.RemediationMetrics;
import io.quell.schemas.avro.ActionOutcome;
import io.quell.schemas.avro.ActionResult;
import io.quell.schemas.avro.BreakerNote;
import io.quell.schemas.avro.BreakerState;
import io.quell.schemas.avro.Incident;
import io.quell.schemas.avro.IncidentStatus;
import io.quell.schemas.avro.RemediationAction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runbook engine decides, without Kafka: for each incident version, approval decision and
 * clock tick, the actions to send and the results to record, with everything it must remember in a
 * {@link RunbookState}.
 *
 * <p><b>Episodes.</b> A rule fires for the first version of an incident that matches it, and then
 * not again while the incident stays unresolved. When the incident resolves (or closes, or is
 * merged away) the episode ends: the resolve notifications of the steps that ran are sent
 * (PagerDuty resolve, Slack follow-up), a step still waiting for approval expires. A later version
 * that matches again (the incident came back) starts the next episode, whose action ids end in
 * {@code -<episode>}.
 *
 * <p><b>Steps</b> run in order. A step with a verification time holds the rest: if the incident has
 * not resolved that long after the step was sent, the step is INEFFECTIVE and the next step runs
 * (escalation). A step that needs approval is held until a person approves it (then it is sent,
 * with approvedBy), rejects it or lets it expire (then the next step runs). A step that a guard
 * refuses is REFUSED and the next step runs at once.
 *
 * <p><b>Guards.</b> Every step has a cooldown per incident and step name. Automatic steps (scale,
 * restart) also count against a budget per service in a sliding 60-minute window, and are held
 * while the circuit breaker is open: while at least {@code breakerOpenIncidents} incidents are open
 * and unmuted.
 */
public final class RunbookEngine {

  private static final Logger LOG = LoggerFactory.getLogger(RunbookEngine.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final String OPEN_PREFIX = "open/";
  private static final String OPEN_COUNT = "open-count";
  private static final String COOLDOWN_PREFIX = "cooldown/";
  private static final String BUDGET_PREFIX = "budget/";
  private static final String HELD_PREFIX = "held/";
  private static final String BREAKER_OPEN = "breaker-open";

  /**
   * How the guards are set.
   *
   * @param cooldown least time between two runs of one step for one incident, unless the step sets
   *     its own
   * @param budgetPerServiceHour automatic steps per service in any 60 minutes (a sliding window); 0
   *     for no limit
   * @param breakerOpenIncidents open incidents at which the breaker holds automatic steps; 0 for no
   *     breaker
   * @param approvalTimeout how long a step waits for approval before it expires
   */
  public record Guards(
      Duration cooldown,
      int budgetPerServiceHour,
      int breakerOpenIncidents,
      Duration approvalTimeout) {
    public Guards {
      Objects.requireNonNull(cooldown, "cooldown");
      Objects.requireNonNull(approvalTimeout, "approvalTimeout");
    }

    /** No cooldown, budget or breaker; approvals wait an hour. */
    public static Guards none() {
      return new Guards(Duration.ZERO, 0, 0, Duration.ofHours(1));
    }
  }

  /** One thing to write: an action for the dispatcher, or a result the engine reached itself. */
  public record Output(RemediationAction action, ActionResult result) {
    static Output of(RemediationAction action) {
      return new Output(action, null);
    }

    static Output of(ActionResult result) {
      return new Output(null, result);
    }
  }

  /**
   * A person's decision on a step waiting for approval. Value of quell.approvals (JSON), keyed by
   * action id.
   */
  public record Decision(String actionId, boolean approve, String by, String reason) {
    public Decision {
      Objects.requireNonNull(actionId, "actionId");
      by = by == null || by.isBlank() ? "unknown" : by;
    }

    /** The JSON value of quell.approvals. */
    public String toJson() {
      Map<String, String> body = new LinkedHashMap<>();
      body.put("decision", approve ? "approve" : "reject");
      body.put("by", by);
      if (reason != null) {
        body.put("reason", reason);
      }
      try {
        return JSON.writeValueAsString(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Reads a value of quell.approvals.
     *
     * @throws IllegalArgumentException when it is not a decision
     */
    public static Decision parse(String actionId, String json) {
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("an approval must be JSON: " + e.getOriginalMessage());
      }
      String decision = node == null ? "" : node.path("decision").asText("");
      if (!decision.equals("approve") && !decision.equals("reject")) {
        throw new IllegalArgumentException(
            "an approval needs \"decision\": \"approve\" or \"reject\", got: " + json);
      }
      JsonNode reason = node.get("reason");
      return new Decision(
          actionId,
          decision.equals("approve"),
          node.path("by").asText(null),
          reason == null || reason.isNull() ? null : reason.asText());
    }
  }

  /** Where an episode of a rule for an incident stands (JSON in {@link RunbookState#progress}). */
  record Progress(
      int episode,
      boolean active,
      int next,
      int verifying,
      long due,
      String awaiting,
      List<Integer> sent,
      long seen) {
    Progress {
      sent = sent == null ? new ArrayList<>() : new ArrayList<>(sent);
    }

    boolean waiting() {
      return active && (due > 0 || awaiting != null);
    }
  }

  /** A step held for approval (JSON in {@link RunbookState#approvals}). */
  record Pending(
      String rule,
      String incidentId,
      int step,
      int episode,
      long incidentVersion,
      long requested,
      long expires) {}

  private final Map<String, RunbookRule> rules = new LinkedHashMap<>();
  private final Guards guards;
  private final RemediationMetrics metrics;

  /** Why a guard refused a step; {@code breaker} is set when it was the circuit breaker. */
  private record Refusal(String reason, BreakerNote breaker) {}

  public RunbookEngine(List<RunbookRule> rules, Guards guards, RemediationMetrics metrics) {
    rules.forEach(rule -> this.rules.put(rule.name(), rule));
    this.guards = Objects.requireNonNull(guards, "guards");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The outputs for a new version of an incident at wall-clock time {@code now} (ms). */
  public List<Output> onIncident(Incident incident, long now, RunbookState state) {
    List<Output> out = new ArrayList<>();
    boolean lastVersion =
        incident.getStatus() == IncidentStatus.CLOSED || incident.getMergedInto() != null;
    boolean ended = lastVersion || incident.getStatus() == IncidentStatus.RESOLVED;
    trackOpen(incident, ended, now, state);
    closeBreakerIfCalm(now, state, out);
    for (RunbookRule rule : rules.values()) {
      String key = key(rule.name(), incident.getId());
      Progress progress = readProgress(state, key);
      if (state.notified().get(key) != null) {
        if (ended) {
          endEpisode(rule, incident, progress, now, state, out);
          state.notified().delete(key);
          if (lastVersion || progress == null) {
            state.progress().delete(key);
          } else {
            writeProgress(
                state,
                key,
                new Progress(
                    progress.episode(), false, progress.next(), -1, 0, null, progress.sent(), now));
          }
        } else {
          state.notified().put(key, now);
          if (progress != null) {
            writeProgress(state, key, withSeen(progress, now));
            if (progress.waiting()) {
              state.incidents().put(key, incident);
            }
          }
        }
        continue;
      }
      if (lastVersion && progress != null) {
        state.progress().delete(key);
      }
      if (!rule.matches(incident)) {
        continue;
      }
      int episode = progress == null || lastVersion ? 1 : progress.episode() + 1;
      Progress fresh = new Progress(episode, true, 0, -1, 0, null, List.of(), now);
      fresh = advance(rule, incident, fresh, now, state, out);
      LOG.info(
          "Rule {} fired for incident {} at version {} (episode {})",
          rule.name(),
          incident.getId(),
          incident.getVersion(),
          episode);
      if (!lastVersion) {
        state.notified().put(key, now);
        writeProgress(state, key, fresh);
        if (fresh.waiting()) {
          state.incidents().put(key, incident);
        }
      }
    }
    return out;
  }

  /** The outputs for a person's decision on a held step. */
  public List<Output> onDecision(Decision decision, long now, RunbookState state) {
    List<Output> out = new ArrayList<>();
    Pending pending = readPending(state, decision.actionId());
    if (pending == null) {
      LOG.warn(
          "Ignoring the {} of {} by {}: no step waits for approval under that id (decided or"
              + " expired already, or unknown)",
          decision.approve() ? "approval" : "rejection",
          decision.actionId(),
          decision.by());
      return out;
    }
    state.approvals().delete(decision.actionId());
    String key = key(pending.rule(), pending.incidentId());
    RunbookRule rule = rules.get(pending.rule());
    Progress progress = readProgress(state, key);
    Incident incident = state.incidents().get(key);
    if (rule == null
        || progress == null
        || incident == null
        || !decision.actionId().equals(progress.awaiting())
        || pending.step() >= rule.steps().size()) {
      out.add(
          Output.of(
              result(
                  decision.actionId(),
                  pending.incidentId(),
                  pending.incidentVersion(),
                  ActionOutcome.EXPIRED,
                  "the runbook no longer holds this step",
                  now)));
      return out;
    }
    ActionStep step = rule.steps().get(pending.step());
    RemediationAction action = step.plan(incident, rule.name(), pending.step(), progress.episode());
    Progress next =
        new Progress(
            progress.episode(), true, pending.step() + 1, -1, 0, null, progress.sent(), now);
    if (decision.approve()) {
      Optional<Refusal> refusal = refusal(step, incident, now, state);
      if (refusal.isPresent()) {
        out.add(
            Output.of(
                refused(
                    action,
                    refusal.get(),
                    "approved by " + decision.by() + ", but " + refusal.get().reason(),
                    now,
                    state)));
      } else {
        metrics.runbookStep("approved");
        action.setApprovedBy(decision.by());
        LOG.info("Step {} approved by {}", action.getActionId(), decision.by());
        next = send(step, action, incident, next, pending.step(), now, state, out);
      }
    } else {
      metrics.runbookStep("rejected");
      String reason =
          "rejected by "
              + decision.by()
              + (decision.reason() == null ? "" : ": " + decision.reason());
      LOG.info("Step {} {}", action.getActionId(), reason);
      out.add(Output.of(result(action, ActionOutcome.REJECTED, reason, now)));
    }
    if (next.due() == 0) {
      next = advance(rule, incident, next, now, state, out);
    }
    saveWaiting(state, key, next, incident);
    return out;
  }

  /**
   * Whether an outcome from the dispatcher means that a step was finally not delivered: every
   * attempt failed (retries exhausted, or a 4xx at once), the dispatcher refused it (allowlist,
   * method, kind) or its deadline passed.
   */
  public static boolean deliveryFailed(ActionOutcome outcome) {
    return outcome == ActionOutcome.FAILED
        || outcome == ActionOutcome.REFUSED
        || outcome == ActionOutcome.EXPIRED;
  }

  /**
   * The outputs for a result from quell.action-results. Only a failed delivery ({@link
   * #deliveryFailed}) of the step an episode is verifying matters: the step cannot have helped, so
   * the runbook goes on with its next step at once instead of waiting for the verification time,
   * and the step gets a result that says so (the dispatcher's outcome, status and attempts, with
   * the reason). Any other result is ignored: a success still waits for the verification, and
   * results of steps that are not being verified (the engine's own, replays, steps of earlier
   * episodes) change nothing, so reading a result twice escalates once.
   */
  public List<Output> onResult(ActionResult result, long now, RunbookState state) {
    List<Output> out = new ArrayList<>();
    if (!deliveryFailed(result.getOutcome()) || result.getBreaker() != null) {
      return out; // a success, or the engine's own note about the breaker
    }
    String actionId = result.getActionId();
    int slash = actionId.indexOf('/');
    RunbookRule rule = slash <= 0 ? null : rules.get(actionId.substring(0, slash));
    if (rule == null) {
      return out;
    }
    String key = key(rule.name(), result.getIncidentId());
    Progress progress = readProgress(state, key);
    Incident incident = state.incidents().get(key);
    if (progress == null
        || incident == null
        || !progress.active()
        || progress.due() == 0
        || progress.verifying() < 0
        || progress.verifying() >= rule.steps().size()
        || !actionId.equals(
            ActionIds.of(
                incident.getId(), rule.name(), progress.verifying(), progress.episode()))) {
      return out;
    }
    Duration verify = rule.steps().get(progress.verifying()).verifyWithin();
    String reason =
        "delivery "
            + result.getOutcome()
            + (result.getError() == null ? "" : ": " + result.getError())
            + "; the runbook went on with its next step at once instead of waiting "
            + verify
            + " for the incident to resolve";
    metrics.runbookStep("delivery_failed");
    LOG.warn("Step {} was not delivered ({}); escalating", actionId, reason);
    out.add(
        Output.of(
            ActionResult.newBuilder(result)
                .setError(reason)
                .setFinishedAt(Instant.ofEpochMilli(now))
                .build()));
    Progress next =
        new Progress(progress.episode(), true, progress.next(), -1, 0, null, progress.sent(), now);
    next = advance(rule, incident, next, now, state, out);
    saveWaiting(state, key, next, incident);
    return out;
  }

  /**
   * The outputs due at wall-clock time {@code now}: steps whose verification time passed without
   * the incident resolving, approvals that expired.
   */
  public List<Output> onTick(long now, RunbookState state) {
    List<Output> out = new ArrayList<>();
    closeBreakerIfCalm(now, state, out);
    for (Map.Entry<String, String> entry : state.progress().scan("")) {
      Progress progress = parseProgress(entry.getValue());
      if (!progress.active() || progress.due() == 0 || progress.due() > now) {
        continue;
      }
      String key = entry.getKey();
      RunbookRule rule = rules.get(ruleOf(key));
      Incident incident = state.incidents().get(key);
      if (rule == null || incident == null || progress.verifying() >= rule.steps().size()) {
        state.progress().delete(key);
        continue;
      }
      String actionId =
          ActionIds.of(incident.getId(), rule.name(), progress.verifying(), progress.episode());
      Duration verify = rule.steps().get(progress.verifying()).verifyWithin();
      metrics.runbookStep("ineffective");
      LOG.warn(
          "Step {} was ineffective: incident {} not resolved within {}; going on with the next"
              + " step",
          actionId,
          incident.getId(),
          verify);
      out.add(
          Output.of(
              result(
                  actionId,
                  incident.getId(),
                  incident.getVersion(),
                  ActionOutcome.INEFFECTIVE,
                  "the incident did not resolve within " + verify + " after the step",
                  now)));
      Progress next =
          new Progress(
              progress.episode(), true, progress.next(), -1, 0, null, progress.sent(), now);
      next = advance(rule, incident, next, now, state, out);
      saveWaiting(state, key, next, incident);
    }
    for (Map.Entry<String, String> entry : state.approvals().scan("")) {
      Pending pending = parsePending(entry.getValue());
      if (pending.expires() > now) {
        continue;
      }
      metrics.runbookStep("approval_expired");
      state.approvals().delete(entry.getKey());
      String key = key(pending.rule(), pending.incidentId());
      out.add(
          Output.of(
              result(
                  entry.getKey(),
                  pending.incidentId(),
                  pending.incidentVersion(),
                  ActionOutcome.EXPIRED,
                  "nobody approved the step within " + guards.approvalTimeout(),
                  now)));
      LOG.warn("Step {} expired: nobody approved it in time", entry.getKey());
      RunbookRule rule = rules.get(pending.rule());
      Progress progress = readProgress(state, key);
      Incident incident = state.incidents().get(key);
      if (rule == null
          || progress == null
          || incident == null
          || !entry.getKey().equals(progress.awaiting())) {
        continue;
      }
      Progress next =
          new Progress(
              progress.episode(), true, pending.step() + 1, -1, 0, null, progress.sent(), now);
      next = advance(rule, incident, next, now, state, out);
      saveWaiting(state, key, next, incident);
    }
    return out;
  }

  /**
   * Forgets what is older than {@code ttl} (wall clock): episodes and open incidents not seen for
   * that long, cooldowns that ran that long ago, budget slots that left the 60-minute window.
   */
  public int purge(long now, Duration ttl, RunbookState state) {
    long oldestKept = now - ttl.toMillis();
    int purged = 0;
    for (Map.Entry<String, Long> entry : state.notified().scan("")) {
      if (entry.getValue() == null || entry.getValue() < oldestKept) {
        state.notified().delete(entry.getKey());
        purged++;
      }
    }
    for (Map.Entry<String, String> entry : state.progress().scan("")) {
      if (parseProgress(entry.getValue()).seen() < oldestKept) {
        state.progress().delete(entry.getKey());
        state.incidents().delete(entry.getKey());
      }
    }
    for (Map.Entry<String, Long> entry : state.guards().scan(OPEN_PREFIX)) {
      if (entry.getValue() < oldestKept) {
        closeOpen(entry.getKey(), state);
      }
    }
    for (Map.Entry<String, Long> entry : state.guards().scan(COOLDOWN_PREFIX)) {
      if (entry.getValue() < oldestKept) {
        state.guards().delete(entry.getKey());
      }
    }
    for (Map.Entry<String, Long> entry : state.guards().scan(HELD_PREFIX)) {
      if (entry.getValue() < oldestKept) {
        state.guards().delete(entry.getKey());
      }
    }
    for (Map.Entry<String, Long> entry : state.guards().scan(BUDGET_PREFIX)) {
      if (!inBudgetWindow(entry.getValue(), now)) {
        state.guards().delete(entry.getKey());
      }
    }
    return purged;
  }

  /** How many open, unmuted incidents the breaker counts now. */
  public static long openIncidents(RunbookState state) {
    Long count = state.guards().get(OPEN_COUNT);
    return count == null ? 0 : count;
  }

  /** The steps waiting for approval: action id → (rule, incident id, expiry). */
  public static List<Map<String, Object>> pendingApprovals(RunbookState state) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Map.Entry<String, String> entry : state.approvals().scan("")) {
      list.add(describePending(entry.getKey(), entry.getValue()));
    }
    return list;
  }

  /** One entry of the approvals store, for people: action id, rule, incident, step, times. */
  public static Map<String, Object> describePending(String actionId, String json) {
    Pending pending = parsePending(json);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("actionId", actionId);
    item.put("rule", pending.rule());
    item.put("incidentId", pending.incidentId());
    item.put("step", pending.step());
    item.put("requestedAt", Instant.ofEpochMilli(pending.requested()).toString());
    item.put("expiresAt", Instant.ofEpochMilli(pending.expires()).toString());
    return item;
  }

  // ---------------------------------------------------------------------------------------------

  private Progress advance(
      RunbookRule rule,
      Incident incident,
      Progress progress,
      long now,
      RunbookState state,
      List<Output> out) {
    Progress current = progress;
    while (current.next() < rule.steps().size()) {
      int index = current.next();
      ActionStep step = rule.steps().get(index);
      RemediationAction action = step.plan(incident, rule.name(), index, current.episode());
      Progress afterStep =
          new Progress(
              current.episode(), true, index + 1, -1, 0, null, current.sent(), current.seen());
      Optional<Refusal> refusal = refusal(step, incident, now, state);
      if (refusal.isPresent()) {
        LOG.warn("Step {} refused: {}", action.getActionId(), refusal.get().reason());
        out.add(Output.of(refused(action, refusal.get(), refusal.get().reason(), now, state)));
        current = afterStep;
        continue;
      }
      if (step.requiresApproval()) {
        long expires = now + guards.approvalTimeout().toMillis();
        writePending(
            state,
            action.getActionId(),
            new Pending(
                rule.name(),
                incident.getId(),
                index,
                current.episode(),
                incident.getVersion(),
                now,
                expires));
        metrics.runbookStep("pending_approval");
        String reason =
            "waiting for approval until "
                + Instant.ofEpochMilli(expires)
                + " (quell actions approve|reject "
                + action.getActionId()
                + ")";
        LOG.info("Step {} {}", action.getActionId(), reason);
        out.add(Output.of(result(action, ActionOutcome.PENDING_APPROVAL, reason, now)));
        return new Progress(
            current.episode(),
            true,
            index,
            -1,
            0,
            action.getActionId(),
            current.sent(),
            current.seen());
      }
      current = send(step, action, incident, afterStep, index, now, state, out);
      if (current.due() > 0) {
        return current;
      }
    }
    return current;
  }

  /** Emits {@code action}, records it with the guards, and starts its verification if any. */
  private Progress send(
      ActionStep step,
      RemediationAction action,
      Incident incident,
      Progress progress,
      int index,
      long now,
      RunbookState state,
      List<Output> out) {
    out.add(Output.of(action));
    metrics.runbookStep("emitted");
    metrics.actionEmitted(action.getRule());
    state.guards().put(cooldownKey(incident.getId(), step.name()), now);
    if (step.automatic() && !action.getDryRun() && guards.budgetPerServiceHour() > 0) {
      recordBudgetUse(IncidentTemplate.rootCause(incident), now, state);
    }
    List<Integer> sent = new ArrayList<>(progress.sent());
    sent.add(index);
    Duration verify = step.verifyWithin();
    if (verify != null) {
      return new Progress(
          progress.episode(),
          true,
          index + 1,
          index,
          now + verify.toMillis(),
          null,
          sent,
          progress.seen());
    }
    return new Progress(progress.episode(), true, index + 1, -1, 0, null, sent, progress.seen());
  }

  private Optional<Refusal> refusal(
      ActionStep step, Incident incident, long now, RunbookState state) {
    Duration cooldown = step.cooldown() == null ? guards.cooldown() : step.cooldown();
    Long lastRun = state.guards().get(cooldownKey(incident.getId(), step.name()));
    if (lastRun != null
        && !cooldown.isZero()
        && !cooldown.isNegative()
        && now - lastRun < cooldown.toMillis()) {
      metrics.runbookStep("cooldown");
      return refusedFor(
          "cooldown: step "
              + step.name()
              + " ran for this incident at "
              + Instant.ofEpochMilli(lastRun)
              + ", not again before "
              + Instant.ofEpochMilli(lastRun + cooldown.toMillis()));
    }
    if (!step.automatic()) {
      return Optional.empty();
    }
    long open = openIncidents(state);
    boolean breakerOpen =
        guards.breakerOpenIncidents() > 0 && open >= guards.breakerOpenIncidents();
    if (breakerOpen) {
      metrics.runbookStep("breaker");
      if (state.guards().get(BREAKER_OPEN) == null) {
        state.guards().put(BREAKER_OPEN, now);
        LOG.warn(
            "Circuit breaker OPEN: {} incidents are open at once (limit {}); automatic steps are"
                + " held until fewer are open",
            open,
            guards.breakerOpenIncidents());
      }
      return Optional.of(
          new Refusal(
              "circuit breaker open: "
                  + open
                  + " incidents open at once (limit "
                  + guards.breakerOpenIncidents()
                  + "); automatic steps are held during an incident storm",
              BreakerNote.newBuilder()
                  .setState(BreakerState.OPEN)
                  .setOpenIncidents(open)
                  .setLimit(guards.breakerOpenIncidents())
                  .setHeldAt(Instant.ofEpochMilli(now))
                  .setClosedAt(null)
                  .build()));
    }
    String service = IncidentTemplate.rootCause(incident);
    if (guards.budgetPerServiceHour() > 0) {
      List<Long> used = budgetUses(service, now, state);
      if (used.size() >= guards.budgetPerServiceHour()) {
        metrics.runbookStep("budget");
        long oldest = used.stream().mapToLong(Long::longValue).min().orElse(now);
        return refusedFor(
            "budget exhausted: "
                + used.size()
                + " automatic steps for service '"
                + service
                + "' in the last 60 minutes (limit "
                + guards.budgetPerServiceHour()
                + "); the next is allowed from "
                + Instant.ofEpochMilli(oldest + HOUR_MS));
      }
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refusedFor(String reason) {
    return Optional.of(new Refusal(reason, null));
  }

  /**
   * The REFUSED result of a step; when the breaker held it, the result carries the breaker's note
   * and the step is remembered ({@code held/...}) until the breaker closes, so that its incident
   * learns that too.
   */
  private static ActionResult refused(
      RemediationAction action, Refusal refusal, String reason, long now, RunbookState state) {
    ActionResult result = result(action, ActionOutcome.REFUSED, reason, now);
    if (refusal.breaker() != null) {
      result.setBreaker(refusal.breaker());
      state
          .guards()
          .put(
              heldKey(action.getIncidentId(), action.getIncidentVersion(), action.getActionId()),
              now);
    }
    return result;
  }

  /**
   * Closes the circuit breaker once fewer incidents than its limit are open: the log says so, and
   * every step it held gets a CLOSED note on quell.action-results (the incident indexer shows it on
   * the incident). Called for every incident version and every tick, so the breaker closes as soon
   * as the storm passes, not only when a later automatic step comes along.
   */
  private void closeBreakerIfCalm(long now, RunbookState state, List<Output> out) {
    long open = openIncidents(state);
    int limit = guards.breakerOpenIncidents();
    if (limit > 0 && open >= limit) {
      return;
    }
    Long openSince = state.guards().get(BREAKER_OPEN);
    List<Map.Entry<String, Long>> held = state.guards().scan(HELD_PREFIX);
    if (openSince == null && held.isEmpty()) {
      return;
    }
    if (openSince != null) {
      state.guards().delete(BREAKER_OPEN);
      metrics.runbookStep("breaker_closed");
      LOG.info(
          "Circuit breaker closed: {} incidents open (limit {}), after holding automatic steps"
              + " since {}; {} held steps of {} incidents are noted on their incidents",
          open,
          limit,
          Instant.ofEpochMilli(openSince),
          held.size(),
          held.stream().map(entry -> heldIncident(entry.getKey())).distinct().count());
    }
    for (Map.Entry<String, Long> entry : held) {
      state.guards().delete(entry.getKey());
      String rest = entry.getKey().substring(HELD_PREFIX.length());
      int colon = rest.indexOf(':');
      int length = Integer.parseInt(rest.substring(0, colon));
      String incidentId = rest.substring(colon + 1, colon + 1 + length);
      String afterId = rest.substring(colon + 2 + length);
      int slash = afterId.indexOf('/');
      long version = Long.parseLong(afterId.substring(0, slash));
      String actionId = afterId.substring(slash + 1);
      ActionResult note =
          result(
              actionId,
              incidentId,
              version,
              ActionOutcome.REFUSED,
              "the circuit breaker that held this step closed at "
                  + Instant.ofEpochMilli(now)
                  + " ("
                  + open
                  + " incidents open, limit "
                  + limit
                  + ")",
              now);
      note.setBreaker(
          BreakerNote.newBuilder()
              .setState(BreakerState.CLOSED)
              .setOpenIncidents(open)
              .setLimit(limit)
              .setHeldAt(Instant.ofEpochMilli(entry.getValue()))
              .setClosedAt(Instant.ofEpochMilli(now))
              .build());
      out.add(Output.of(note));
    }
  }

  /**
   * {@code held/<length>:<incident id>/<incident version>/<action id>}: the length keeps the id
   * unambiguous whatever it holds; the action id (which holds '/') comes last.
   */
  private static String heldKey(String incidentId, long version, String actionId) {
    return HELD_PREFIX + incidentId.length() + ":" + incidentId + "/" + version + "/" + actionId;
  }

  private static String heldIncident(String key) {
    String rest = key.substring(HELD_PREFIX.length());
    int colon = rest.indexOf(':');
    return rest.substring(colon + 1, colon + 1 + Integer.parseInt(rest.substring(0, colon)));
  }

  /**
   * The times (wall-clock ms) of the automatic steps of {@code service} within the sliding window,
   * the 60 minutes up to {@code now}; slots of steps that left the window are dropped on the way.
   */
  private static List<Long> budgetUses(String service, long now, RunbookState state) {
    List<Long> used = new ArrayList<>();
    for (Map.Entry<String, Long> slot : state.guards().scan(budgetPrefix(service))) {
      if (inBudgetWindow(slot.getValue(), now)) {
        used.add(slot.getValue());
      } else {
        state.guards().delete(slot.getKey());
      }
    }
    return used;
  }

  /**
   * Records an automatic step of {@code service} at {@code now} in a free slot. There are {@code
   * budgetPerServiceHour} slots per service, so a service never holds more entries than its budget;
   * the caller has checked that one is free (fewer uses in the window than the budget).
   */
  private void recordBudgetUse(String service, long now, RunbookState state) {
    int slots = guards.budgetPerServiceHour();
    String prefix = budgetPrefix(service);
    int oldestSlot = 0;
    long oldest = Long.MAX_VALUE;
    for (int slot = 0; slot < slots; slot++) {
      Long at = state.guards().get(prefix + slot);
      if (at == null || !inBudgetWindow(at, now)) {
        state.guards().put(prefix + slot, now);
        return;
      }
      if (at < oldest) {
        oldest = at;
        oldestSlot = slot;
      }
    }
    // Only when the budget shrank while steps were in the window: reuse the oldest slot.
    state.guards().put(prefix + oldestSlot, now);
  }

  /** Whether a step at {@code at} still counts against the budget at {@code now}. */
  private static boolean inBudgetWindow(long at, long now) {
    return at > now - HOUR_MS;
  }

  private void endEpisode(
      RunbookRule rule,
      Incident incident,
      Progress progress,
      long now,
      RunbookState state,
      List<Output> out) {
    String key = key(rule.name(), incident.getId());
    state.incidents().delete(key);
    if (progress == null || !progress.active()) {
      return;
    }
    if (progress.due() > 0) {
      metrics.runbookStep("effective");
      LOG.info(
          "Step {} was effective: incident {} {} within its verification time",
          ActionIds.of(incident.getId(), rule.name(), progress.verifying(), progress.episode()),
          incident.getId(),
          incident.getStatus().name().toLowerCase(Locale.ROOT));
    }
    for (int index : progress.sent()) {
      if (index >= rule.steps().size()) {
        continue;
      }
      Optional<RemediationAction> resolve =
          rule.steps().get(index).planResolve(incident, rule.name(), index, progress.episode());
      resolve.ifPresent(
          action -> {
            metrics.runbookStep("resolve_emitted");
            metrics.actionEmitted(rule.name());
            out.add(Output.of(action));
          });
    }
    if (progress.awaiting() != null) {
      Pending pending = readPending(state, progress.awaiting());
      state.approvals().delete(progress.awaiting());
      out.add(
          Output.of(
              result(
                  progress.awaiting(),
                  incident.getId(),
                  pending == null ? incident.getVersion() : pending.incidentVersion(),
                  ActionOutcome.EXPIRED,
                  "the incident ended ("
                      + incident.getStatus()
                      + ") before anyone approved the step",
                  now)));
    }
  }

  private void trackOpen(Incident incident, boolean ended, long now, RunbookState state) {
    String key = OPEN_PREFIX + incident.getId();
    if (ended || incident.getSuppression() != null) {
      closeOpen(key, state);
    } else {
      if (state.guards().get(key) == null) {
        state.guards().put(OPEN_COUNT, openIncidents(state) + 1);
      }
      state.guards().put(key, now);
    }
  }

  private static void closeOpen(String key, RunbookState state) {
    if (state.guards().get(key) != null) {
      state.guards().delete(key);
      state.guards().put(OPEN_COUNT, Math.max(0, openIncidents(state) - 1));
    }
  }

  private static void saveWaiting(
      RunbookState state, String key, Progress progress, Incident incident) {
    writeProgress(state, key, progress);
    if (progress.waiting()) {
      state.incidents().put(key, incident);
    } else {
      state.incidents().delete(key);
    }
  }

  private static Progress withSeen(Progress p, long now) {
    return new Progress(
        p.episode(), p.active(), p.next(), p.verifying(), p.due(), p.awaiting(), p.sent(), now);
  }

  static String key(String rule, String incidentId) {
    return rule + "/" + incidentId;
  }

  private static String ruleOf(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static String cooldownKey(String incidentId, String step) {
    // The step name last: incident ids may hold '/', step names may too; both only matter whole.
    return COOLDOWN_PREFIX + incidentId.length() + ":" + incidentId + "/" + step;
  }

  /**
   * {@code budget/<length>:<service>/}, followed by the slot number; the length keeps the prefix of
   * one service from matching another whose name starts with it.
   */
  private static String budgetPrefix(String service) {
    return BUDGET_PREFIX + service.length() + ":" + service + "/";
  }

  private static ActionResult result(
      RemediationAction action, ActionOutcome outcome, String error, long now) {
    return result(
        action.getActionId(),
        action.getIncidentId(),
        action.getIncidentVersion(),
        outcome,
        error,
        now);
  }

  private static ActionResult result(
      String actionId,
      String incidentId,
      long incidentVersion,
      ActionOutcome outcome,
      String error,
      long now) {
    return ActionResult.newBuilder()
        .setActionId(actionId)
        .setIncidentId(incidentId)
        .setIncidentVersion(incidentVersion)
        .setOutcome(outcome)
        .setHttpStatus(null)
        .setAttempts(0)
        .setError(error)
        .setStartedAt(null)
        .setFinishedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private static Progress readProgress(RunbookState state, String key) {
    String json = state.progress().get(key);
    return json == null ? null : parseProgress(json);
  }

  private static Progress parseProgress(String json) {
    try {
      return JSON.readValue(json, Progress.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable runbook progress: " + json, e);
    }
  }

  private static void writeProgress(RunbookState state, String key, Progress progress) {
    try {
      state.progress().put(key, JSON.writeValueAsString(progress));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Pending readPending(RunbookState state, String actionId) {
    String json = state.approvals().get(actionId);
    return json == null ? null : parsePending(json);
  }

  private static Pending parsePending(String json) {
    try {
      return JSON.readValue(json, Pending.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable pending approval: " + json, e);
    }
  }

  private static void writePending(RunbookState state, String actionId, Pending pending) {
    try {
      state.approvals().put(actionId, JSON.writeValueAsString(pending));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
