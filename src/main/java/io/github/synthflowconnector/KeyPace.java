package io.github.synthflowconnector;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How fast this runtime may call Synthflow with one API key, learned from Synthflow's answers:
 * Synthflow publishes no limit for the numbers endpoints, so none is configured.
 *
 * <p>Until the first 429 the pace only caps the requests in flight, from {@link
 * #INITIAL_IN_FLIGHT}, one more per accepted answer (doubling per round trip): hundreds of
 * activated jobs do not all hit an unknown limit at once, and a runtime calling steadily soon stops
 * noticing the cap. The first 429 switches to pacing: nobody sends before its {@code Retry-After}
 * (a gate for every job of the key), then callers take turns in arrival order, spaced at a rate
 * learned by AIMD: it starts at {@link #FIRST_RATE} of the answers accepted in the last second, is
 * cut on a 429 by {@link #DECREASE}, or to what got through in the last two seconds when less (once
 * per episode: 429s to requests sent before the cut do not cut again), and grows with every
 * accepted answer. Each runtime learns its own share of the key's limit, so runtimes sharing a key
 * converge on it together.
 *
 * <p>Turns missed while the gate was closed are made up when it opens, one second's worth at most:
 * a limit that refills while it turns requests away (a token bucket) has room for them then, and
 * without it every 429 would cost a second of throughput. Callers wait in their own thread, a
 * virtual thread on 8.9, outside the lock.
 */
final class KeyPace {

  static final int INITIAL_IN_FLIGHT = 4;

  /** The first rate, as a share of the answers accepted in the last second (burst included). */
  static final double FIRST_RATE = 0.9;

  /** Multiplicative decrease of the rate on a 429. */
  static final double DECREASE = 0.9;

  /**
   * Additive increase per second of accepted answers: this share of the rate before the last cut,
   * and at least {@link #MIN_INCREASE}, so that a runtime that got little of the first burst (and
   * starts slow) reaches its share within seconds.
   */
  static final double INCREASE = 0.02;

  static final double MIN_INCREASE = 0.5;

  /** Never slower than one request in five seconds. */
  static final double MIN_RATE = 0.2;

  /** The gate a 429 closes when it carries no usable {@code Retry-After}. */
  static final long DEFAULT_GATE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private final RecentSends accepted = new RecentSends();
  private int inFlight;
  private int inFlightLimit = INITIAL_IN_FLIGHT;
  private boolean paced;
  private double rate;
  private double rateBeforeCut;
  private long gateNanos;
  private long lastTurnNanos;
  private long lastCutNanos;
  private long lastUseNanos;

  private final TurnQueue turns = new TurnQueue();

  /**
   * @param name how logs name this key: a hash, never the key
   */
  KeyPace(String name) {
    this.name = name;
    long now = System.nanoTime();
    this.gateNanos = now;
    this.lastTurnNanos = now - SECOND;
    this.lastCutNanos = now;
    this.lastUseNanos = now;
  }

  String name() {
    return name;
  }

  /**
   * Waits for this caller's turn to send, at the latest until {@code latestStartNanos}.
   *
   * @return 0 when the caller may send now (it must then report the outcome exactly once), or the
   *     negative number of nanoseconds until a turn might come when it would come too late
   */
  long acquire(long latestStartNanos) throws InterruptedException {
    lock.lock();
    try {
      long ticket = -1;
      while (true) {
        long now = System.nanoTime();
        if (!paced) {
          if (inFlight < inFlightLimit) {
            inFlight++;
            return 0;
          }
          if (latestStartNanos - now <= 0) {
            return -SECOND; // every place in flight stayed taken for the whole wait
          }
          changed.awaitNanos(latestStartNanos - now);
          continue;
        }
        if (ticket < 0) {
          ticket = turns.take();
        }
        long interval = (long) (SECOND / rate);
        long turn = latest(gateNanos, lastTurnNanos + interval);
        boolean first = turns.isFirst(ticket);
        if (turn - latestStartNanos > 0 || (!first && latestStartNanos - now <= 0)) {
          long wait = turn - now + turns.ahead(ticket) * interval;
          turns.abandon(ticket);
          changed.signalAll();
          return -Math.max(1, wait);
        }
        if (first && turn - now <= 0) {
          lastTurnNanos = latest(turn, now - SECOND);
          turns.next();
          changed.signalAll();
          inFlight++;
          return 0;
        }
        changed.awaitNanos(first ? turn - now : latestStartNanos - now);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Synthflow answered, other than 429: the request was within the limit. */
  void accepted(long sentNanos) {
    lock.lock();
    try {
      release(sentNanos);
      accepted.add(sentNanos);
      if (!paced) {
        inFlightLimit = Math.min(1 << 16, inFlightLimit + 1);
      } else {
        rate += Math.max(MIN_INCREASE, INCREASE * rateBeforeCut) / rate;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The request failed without an answer: it says nothing about the limit. */
  void unanswered(long sentNanos) {
    lock.lock();
    release(sentNanos);
    lock.unlock();
  }

  /**
   * Synthflow answered 429: nobody sends before {@code retryAfterNanos} from now (a default when
   * 0), and the rate is cut unless an earlier 429 of the same episode cut it already.
   *
   * @return whether this answer started pacing or cut the rate (worth a log line)
   */
  boolean rateLimited(long sentNanos, long retryAfterNanos) {
    lock.lock();
    try {
      release(sentNanos);
      long now = System.nanoTime();
      gateNanos =
          latest(gateNanos, now + (retryAfterNanos > 0 ? retryAfterNanos : DEFAULT_GATE_NANOS));
      changed.signalAll(); // waiters re-read the gate, and free-phase waiters start queueing
      if (!paced) {
        paced = true;
        rate = Math.max(1, accepted.since(now - SECOND) * FIRST_RATE);
      } else if (sentNanos - lastCutNanos > 0) {
        // What the limit actually let through lately, when it is less than the cut rate: the
        // rest of the key's limit went to other runtimes. Never below half the rate in one cut.
        double measured = accepted.since(now - 2 * SECOND) / 2.0;
        rate = Math.max(MIN_RATE, Math.max(rate / 2, Math.min(rate * DECREASE, measured)));
      } else {
        return false;
      }
      rateBeforeCut = rate / DECREASE;
      lastCutNanos = now;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Requests per second while pacing, 0 before the first 429. */
  double rate() {
    lock.lock();
    double now = paced ? rate : 0;
    lock.unlock();
    return now;
  }

  /** Whether nothing is in flight or waiting and nothing was sent for {@code idleNanos}. */
  boolean idleFor(long idleNanos) {
    lock.lock();
    boolean idle = inFlight == 0 && turns.isEmpty() && System.nanoTime() - lastUseNanos > idleNanos;
    lock.unlock();
    return idle;
  }

  private void release(long sentNanos) {
    inFlight--;
    lastUseNanos = latest(lastUseNanos, sentNanos);
    changed.signalAll();
  }

  private static long latest(long a, long b) {
    return a - b >= 0 ? a : b;
  }
}
