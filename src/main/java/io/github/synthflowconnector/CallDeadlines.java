package io.github.synthflowconnector;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.core5.concurrent.Cancellable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hard deadlines for calls in flight, on the JDK's scheduler: one daemon thread that sleeps until
 * the earliest deadline is due and waits without a timeout while no call is in flight. A closed
 * deadline is taken off the queue at once (remove-on-cancel), so finished calls leave nothing
 * behind.
 */
final class CallDeadlines {

  private static final Logger LOG = LoggerFactory.getLogger(CallDeadlines.class);

  private final ScheduledThreadPoolExecutor scheduler;

  CallDeadlines(String threadName) {
    scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, threadName);
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.prestartCoreThread();
  }

  /** Starts the clock for one call; close the result when the call is over, however it ended. */
  Deadline start(Cancellable call, long timeoutMillis) {
    Deadline deadline = new Deadline(call);
    deadline.timer = scheduler.schedule(deadline::expire, timeoutMillis, TimeUnit.MILLISECONDS);
    return deadline;
  }

  private static final int PENDING = 0;
  private static final int CANCELLING = 1;
  private static final int EXPIRED = 2;
  private static final int CLOSED = 3;

  /** One call's deadline: it either expires (the call is cancelled) or is closed, never both. */
  static final class Deadline implements AutoCloseable {
    private final Cancellable call;
    private final AtomicInteger state = new AtomicInteger(PENDING);
    private final CountDownLatch cancelDone = new CountDownLatch(1);
    private volatile ScheduledFuture<?> timer;

    private Deadline(Cancellable call) {
      this.call = call;
    }

    /** Whether the call was cancelled because it overran. */
    boolean expired() {
      int now = state.get();
      return now == CANCELLING || now == EXPIRED;
    }

    private void expire() {
      if (!state.compareAndSet(PENDING, CANCELLING)) {
        return;
      }
      try {
        call.cancel();
      } catch (RuntimeException e) {
        // The scheduler thread must outlive one failed cancel: every later deadline depends on it.
        LOG.warn("Cancelling an overdue Synthflow call failed", e);
      } finally {
        state.set(EXPIRED);
        cancelDone.countDown();
      }
    }

    /**
     * Stops the clock. If the deadline is cancelling the call right now, waits until it is done:
     * the cancel returns the call's connection to the pool, and that must have happened when the
     * call returns to its caller, not some time after.
     */
    @Override
    public void close() {
      if (state.compareAndSet(PENDING, CLOSED)) {
        timer.cancel(false);
        return;
      }
      boolean interrupted = false;
      while (state.get() == CANCELLING) {
        try {
          cancelDone.await();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
