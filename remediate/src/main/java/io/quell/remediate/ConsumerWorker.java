/*
 * Copyright (C) 2026 The Quell authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
package io.quell.remediate;

import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background thread around a Kafka consumer loop. A <em>session</em> creates its clients,
 * consumes until the worker is closed, and closes its clients. When a session fails (a Kafka error
 * that the session cannot handle, an unreachable registry) the worker logs it, waits with a growing
 * pause and starts a new session, which resumes from the committed offsets: the worker itself never
 * dies of an error.
 */
public abstract class ConsumerWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerWorker.class);
  private static final Duration FIRST_RESTART_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_RESTART_PAUSE = Duration.ofSeconds(30);

  /** Where a worker is, as /healthz shows it. */
  public enum State {
    STARTING,
    RUNNING,
    /** Running but unable to make progress until a dependency answers again. */
    WAITING,
    /** A session failed; a new one starts after a pause. */
    RESTARTING,
    STOPPED
  }

  private final String name;
  private final Thread thread;
  private final AtomicLong lag = new AtomicLong();
  private volatile boolean running = true;
  private volatile State state = State.STARTING;
  private volatile String detail = "";

  protected ConsumerWorker(String name) {
    this.name = name;
    this.thread = new Thread(this::runSessions, "quell-remediate-" + name);
    thread.setDaemon(true);
  }

  /** Starts the thread; returns at once. */
  public void start() {
    thread.start();
  }

  /**
   * One session: create the clients, poll (with a short timeout) while {@link #running()}, close
   * the clients. Work in hand when the worker is closed is finished and committed, so a clean stop
   * repeats nothing.
   */
  protected abstract void session() throws Exception;

  /** Whether the worker should keep going; false once {@link #close()} was called. */
  protected final boolean running() {
    return running;
  }

  protected final void state(State state, String detail) {
    if (this.state != state) {
      LOG.info("{}: {}{}", name, state, detail.isEmpty() ? "" : " (" + detail + ")");
    }
    this.state = state;
    this.detail = detail;
  }

  /** Records the lag of the consumer's assigned partitions, as far as it knows it. */
  protected final void updateLag(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
    long total = 0;
    for (TopicPartition partition : partitions) {
      OptionalLong partitionLag = consumer.currentLag(partition);
      total += partitionLag.orElse(0);
    }
    lag.set(total);
  }

  public final String name() {
    return name;
  }

  public final State state() {
    return state;
  }

  public final String detail() {
    return detail;
  }

  /** Records not yet consumed on the assigned partitions, as of the last poll. */
  public final long lag() {
    return lag.get();
  }

  /** Healthy while the thread runs and is not between failed sessions. */
  public final boolean healthy() {
    return thread.isAlive() && state != State.RESTARTING && state != State.STOPPED;
  }

  private void runSessions() {
    Duration pause = FIRST_RESTART_PAUSE;
    while (running) {
      try {
        session();
        pause = FIRST_RESTART_PAUSE;
      } catch (WakeupException | InterruptException e) {
        if (running) {
          LOG.warn("{}: woken up while running; starting a new session", name, e);
        }
      } catch (Exception | LinkageError e) {
        if (!running) {
          break;
        }
        state(State.RESTARTING, e.toString());
        LOG.error("{}: session failed; starting a new one in {}", name, pause, e);
        if (!sleep(pause)) {
          break;
        }
        pause = pause.multipliedBy(2);
        if (pause.compareTo(LONGEST_RESTART_PAUSE) > 0) {
          pause = LONGEST_RESTART_PAUSE;
        }
      }
    }
    state(State.STOPPED, "");
  }

  /** Sleeps unless closed meanwhile; false when the worker should stop. */
  protected final boolean sleep(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    try {
      while (running && System.nanoTime() < until) {
        Thread.sleep(Math.max(1, Math.min(100, (until - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return running;
  }

  /**
   * Stops the worker: the current record is finished (and committed) where that takes less than
   * {@code 30 s}; after that the thread is interrupted, and what was not committed is consumed
   * again by the next owner of the partitions.
   */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
      if (thread.isAlive()) {
        LOG.warn("{}: still busy after 30 s; interrupting", name);
        thread.interrupt();
        thread.join(Duration.ofSeconds(10).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
