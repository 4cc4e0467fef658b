package io.github.synthflowconnector;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Hard deadlines for calls in flight: one daemon thread looks at them every {@link #TICK_MILLIS}
 * and cancels the overdue ones.
 *
 * <p>Not a {@code ScheduledExecutorService} on purpose: scheduling and cancelling a task per call
 * takes the executor's one queue lock twice, which worker threads then queue on, and wakes its
 * thread whenever the queue was empty, that is on every call of a quiet runtime. Here a call only
 * enters and leaves a concurrent set. A deadline fires up to one tick late, which does not matter
 * for deadlines of two seconds and more.
 */
final class CallDeadlines {

  static final long TICK_MILLIS = 100;

  private final Set<Deadline> inFlight = ConcurrentHashMap.newKeySet();

  CallDeadlines(String threadName) {
    Thread watchdog = new Thread(this::watch, threadName);
    watchdog.setDaemon(true);
    watchdog.start();
  }

  /** Starts the clock for one call; close the result when the call is over, however it ended. */
  Deadline start(Cancellable call, long timeoutMillis) {
    Deadline deadline =
        new Deadline(call, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    inFlight.add(deadline);
    return deadline;
  }

  private void watch() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (Deadline deadline : inFlight) {
        if (now - deadline.dueNanos >= 0) {
          deadline.expire();
        }
      }
    }
  }

  /** One call's deadline. Identity equality: each call is its own entry. */
  final class Deadline implements AutoCloseable {
    private final Cancellable call;
    private final long dueNanos;
    private volatile boolean expired;

    private Deadline(Cancellable call, long dueNanos) {
      this.call = call;
      this.dueNanos = dueNanos;
    }

    /** Whether the call was cancelled because it overran. */
    boolean expired() {
      return expired;
    }

    private void expire() {
      expired = true;
      inFlight.remove(this);
      call.cancel();
    }

    @Override
    public void close() {
      inFlight.remove(this);
    }
  }
}
