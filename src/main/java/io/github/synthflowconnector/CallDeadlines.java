package io.github.synthflowconnector;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.core5.concurrent.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hard deadlines for calls in flight: one daemon thread sleeps until the earliest one is due,
 * cancels it if its call is still running, and waits without a timeout while no call is in flight.
 *
 * <p>Not a {@code ScheduledExecutorService}: that allocates a task and a future per call and needs
 * a cancel per call. Here a call links its deadline into a list kept in due order and unlinks it
 * when done, under one short lock, allocating nothing else. Calls of one runtime mostly share their
 * timeouts, so a new deadline is almost always the latest: the list is searched from its tail. The
 * watchdog is woken only when it idles or a new deadline is due before it would look again, so a
 * runtime deleting numbers one after another wakes it about once per timeout, not once per call. A
 * closed deadline is not taken out of its sleep: the watchdog finds it gone when it wakes.
 */
final class CallDeadlines {

  private static final Logger LOG = LoggerFactory.getLogger(CallDeadlines.class);

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled when a deadline became the earliest one: the watchdog's sleep is now too long. */
  private final Condition earlier = lock.newCondition();

  /** Signalled when the watchdog finished cancelling a call, for a caller waiting in close. */
  private final Condition cancelled = lock.newCondition();

  /** Sentinel of the circular list of pending deadlines, earliest first; guarded by the lock. */
  private final Deadline pending = new Deadline(null, 0);

  /** Whether the watchdog waits without a timeout; guarded by the lock. */
  private boolean idle;

  /** When the watchdog, waiting with a timeout, looks at the list again; guarded by the lock. */
  private long nextLookNanos;

  CallDeadlines(String threadName) {
    pending.next = pending;
    pending.previous = pending;
    Thread watchdog = new Thread(this::watch, threadName);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Starts the clock for one call; close the result when the call is over, however it ended. */
  Deadline start(Cancellable call, long timeoutMillis) {
    Deadline deadline =
        new Deadline(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    lock.lock();
    try {
      Deadline before = pending.previous;
      while (before != pending && before.dueNanos - deadline.dueNanos > 0) {
        before = before.previous;
      }
      deadline.linkAfter(before);
      if (idle || deadline.dueNanos - nextLookNanos < 0) {
        earlier.signal();
      }
    } finally {
      lock.unlock();
    }
    return deadline;
  }

  private void watch() {
    lock.lock();
    try {
      while (true) {
        Deadline first = pending.next;
        if (first == pending) {
          idle = true; // nothing in flight: no timed wake-ups at all
          earlier.await();
          idle = false;
          continue;
        }
        long wait = first.dueNanos - System.nanoTime();
        if (wait > 0) {
          nextLookNanos = first.dueNanos;
          earlier.awaitNanos(wait);
          continue;
        }
        first.unlink();
        first.state = State.CANCELLING;
        // Outside the lock: cancelling closes a socket and returns a connection to the pool, and
        // must not hold up calls starting or ending meanwhile.
        lock.unlock();
        try {
          first.call.cancel();
        } catch (RuntimeException e) {
          // The watchdog must outlive one failed cancel: every later deadline depends on it.
          LOG.warn("Cancelling an overdue Synthflow call failed", e);
        } finally {
          lock.lock();
          first.state = State.EXPIRED;
          cancelled.signalAll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private enum State {
    PENDING,
    CANCELLING,
    EXPIRED,
    CLOSED
  }

  /** One call's deadline. */
  final class Deadline implements AutoCloseable {
    private final Cancellable call;
    private final long dueNanos;
    private Deadline previous;
    private Deadline next;
    private volatile State state = State.PENDING;

    private Deadline(Cancellable call, long dueNanos) {
      this.call = call;
      this.dueNanos = dueNanos;
    }

    /** Whether the call was cancelled because it overran. */
    boolean expired() {
      State now = state;
      return now == State.CANCELLING || now == State.EXPIRED;
    }

    private void linkAfter(Deadline before) {
      previous = before;
      next = before.next;
      before.next.previous = this;
      before.next = this;
    }

    private void unlink() {
      previous.next = next;
      next.previous = previous;
      previous = null;
      next = null;
    }

    /**
     * Stops the clock. If the watchdog is cancelling the call right now, waits until it is done:
     * the cancel returns the call's connection to the pool, and that must have happened when the
     * call returns to its caller, not some time after.
     */
    @Override
    public void close() {
      lock.lock();
      try {
        if (state == State.PENDING) {
          unlink();
          state = State.CLOSED;
        }
        while (state == State.CANCELLING) {
          cancelled.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
