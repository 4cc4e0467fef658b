package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.hc.core5.concurrent.Cancellable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The deadline watchdog: fires no sooner than due, wakes for a deadline earlier than the one it
 * sleeps towards, forgets closed deadlines, and waits without any timeout while nothing is in
 * flight. No assertion bounds how late it fires: waits for conditions are generous, so that a
 * loaded machine only makes the tests slower.
 */
class CallDeadlinesTest {

  /** Long enough for any stall of a loaded machine; a broken watchdog misses it by an hour. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  final String name = "deadline-test-" + UUID.randomUUID();
  final CallDeadlines deadlines = new CallDeadlines(name);

  /** A call that records when it was cancelled. */
  static final class Call implements Cancellable {
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile long cancelledAtNanos;

    @Override
    public boolean cancel() {
      cancelledAtNanos = System.nanoTime();
      cancelled.countDown();
      return true;
    }

    boolean awaitCancel() throws InterruptedException {
      return cancelled.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean wasCancelled() {
      return cancelled.getCount() == 0;
    }
  }

  Thread watchdog() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static void awaitCondition(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - end).as("still waiting for: " + what).isNegative();
      Thread.sleep(5);
    }
  }

  @Nested
  class Firing {

    @Test
    void shouldCancelNoSoonerThanDue_whenCallOverruns() throws Exception {
      Call call = new Call();
      long before = System.nanoTime();

      CallDeadlines.Deadline deadline = deadlines.start(call, 300);

      assertThat(call.awaitCancel()).as("cancelled").isTrue();
      assertThat(call.cancelledAtNanos - before).isGreaterThanOrEqualTo(300_000_000L);
      assertThat(deadline.expired()).isTrue();
      deadline.close();
      assertThat(deadline.expired()).as("still expired after close").isTrue();
    }

    @Test
    void shouldWakeUp_whenAnEarlierDeadlineArrivesWhileItSleepsTowardsALaterOne() throws Exception {
      Call late = new Call();
      CallDeadlines.Deadline lateDeadline = deadlines.start(late, TimeUnit.HOURS.toMillis(1));
      awaitCondition(
          "watchdog sleeping towards the one-hour deadline",
          () -> watchdog().getState() == Thread.State.TIMED_WAITING);

      Call early = new Call();
      CallDeadlines.Deadline earlyDeadline = deadlines.start(early, 100);

      assertThat(early.awaitCancel()).as("the early call cancelled within " + PATIENCE).isTrue();
      assertThat(earlyDeadline.expired()).isTrue();
      assertThat(late.wasCancelled()).isFalse();
      assertThat(lateDeadline.expired()).isFalse();
      lateDeadline.close();
    }

    @Test
    void shouldCancelInDueOrder_whenStartedInAnotherOrder() throws Exception {
      Call third = new Call();
      Call first = new Call();
      Call second = new Call();
      // A second apart: the order holds unless the machine stalls this thread for a second.
      deadlines.start(third, 2500);
      deadlines.start(first, 500);
      deadlines.start(second, 1500);

      assertThat(third.awaitCancel()).isTrue();
      assertThat(first.wasCancelled()).isTrue();
      assertThat(second.wasCancelled()).isTrue();
      assertThat(first.cancelledAtNanos).isLessThanOrEqualTo(second.cancelledAtNanos);
      assertThat(second.cancelledAtNanos).isLessThanOrEqualTo(third.cancelledAtNanos);
    }
  }

  @Nested
  class Closing {

    /**
     * The later deadline is the barrier: the watchdog handles deadlines in due order. The closed
     * one is due in 1.5 s, so that only a stall that long between two lines could fire it.
     */
    @Test
    void shouldNeverCancel_whenClosedBeforeDue() throws Exception {
      Call closed = new Call();
      CallDeadlines.Deadline deadline = deadlines.start(closed, 1500);
      deadline.close();
      Call barrier = new Call();
      deadlines.start(barrier, 2000);

      assertThat(barrier.awaitCancel()).isTrue();
      assertThat(closed.wasCancelled()).isFalse();
      assertThat(deadline.expired()).isFalse();
    }

    /**
     * The flake this fixes: the watchdog returned the connection to the pool while the call had
     * already returned, so a caller could see it leased. Close now waits for a running cancel.
     */
    @Test
    void shouldReturnOnlyAfterTheCancelFinished_whenTheWatchdogIsCancellingTheCall()
        throws Exception {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      boolean[] finished = new boolean[1];
      CallDeadlines.Deadline deadline =
          deadlines.start(
              () -> {
                entered.countDown();
                try {
                  release.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                finished[0] = true;
                return true;
              },
              50);
      assertThat(entered.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      boolean[] sawFinished = new boolean[1];
      Thread caller =
          Thread.ofPlatform()
              .start(() -> {
                deadline.close();
                sawFinished[0] = finished[0];
              });
      awaitCondition(
          "close blocked or returned",
          () ->
              caller.getState() == Thread.State.WAITING
                  || caller.getState() == Thread.State.TERMINATED);
      release.countDown();
      caller.join(PATIENCE.toMillis());

      assertThat(caller.isAlive()).isFalse();
      assertThat(sawFinished[0]).as("the cancel had finished when close returned").isTrue();
      assertThat(deadline.expired()).isTrue();
    }
  }

  @Nested
  class Idling {

    /** WAITING, not TIMED_WAITING: a thread in that state has no wake-up scheduled at all. */
    @Test
    void shouldWaitWithoutTimeout_whenNothingIsInFlight() throws Exception {
      awaitCondition(
          "idle watchdog before any call", () -> watchdog().getState() == Thread.State.WAITING);

      Call call = new Call();
      deadlines.start(call, 100);
      assertThat(call.awaitCancel()).isTrue();
      deadlines.start(new Call(), 200).close();

      awaitCondition(
          "idle watchdog after the calls", () -> watchdog().getState() == Thread.State.WAITING);
    }
  }
}
