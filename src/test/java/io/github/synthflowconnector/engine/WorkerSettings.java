package io.github.synthflowconnector.engine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a {@link ConnectorWorker} takes jobs: how many at once, on which threads, and for how long
 * before the engine may hand a job to another worker.
 *
 * @param maxJobsActive jobs activated and not yet handled, at most (Camunda's default is 32)
 * @param threads the threads that run the job handler
 * @param threadCount how many threads (or, for virtual threads, how many jobs at once)
 * @param jobTimeout how long a job stays with this worker (the connector runtime's default is 5
 *     min)
 * @param pollInterval how often the worker asks for jobs when the last poll found none
 * @param fetchVariables the variables the worker fetches; null for what the runtime fetches: the
 *     {@code inputVariables} of the connector class's {@code @OutboundConnector}, else all
 */
public record WorkerSettings(
    int maxJobsActive,
    Threads threads,
    int threadCount,
    Duration jobTimeout,
    Duration pollInterval,
    List<String> fetchVariables) {

  /** Platform threads, as the Spring connector runtime's client executor; or virtual ones. */
  public enum Threads {
    PLATFORM,
    VIRTUAL
  }

  public WorkerSettings {
    Objects.requireNonNull(threads, "threads");
    Objects.requireNonNull(jobTimeout, "jobTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    fetchVariables = fetchVariables == null ? null : List.copyOf(fetchVariables);
    if (maxJobsActive < 1 || threadCount < 1) {
      throw new IllegalArgumentException(
          "maxJobsActive and threadCount must be at least 1, were "
              + maxJobsActive
              + " and "
              + threadCount);
    }
  }

  /** 32 jobs, one platform thread (the runtime's defaults), 5 min timeout, 50 ms polls. */
  public static WorkerSettings defaults() {
    return new WorkerSettings(
        32, Threads.PLATFORM, 1, Duration.ofMinutes(5), Duration.ofMillis(50), null);
  }

  public WorkerSettings withMaxJobsActive(int value) {
    return new WorkerSettings(
        value, threads, threadCount, jobTimeout, pollInterval, fetchVariables);
  }

  public WorkerSettings withThreads(Threads kind, int count) {
    return new WorkerSettings(maxJobsActive, kind, count, jobTimeout, pollInterval, fetchVariables);
  }

  public WorkerSettings withJobTimeout(Duration value) {
    return new WorkerSettings(
        maxJobsActive, threads, threadCount, value, pollInterval, fetchVariables);
  }

  public WorkerSettings withFetchVariables(List<String> value) {
    return new WorkerSettings(maxJobsActive, threads, threadCount, jobTimeout, pollInterval, value);
  }

  /** The executor the worker's client runs handlers (and its polling) on. */
  ScheduledExecutorService newExecutor(String name) {
    return switch (threads) {
      case PLATFORM ->
          Executors.newScheduledThreadPool(
              threadCount, Thread.ofPlatform().name(name + "-", 0).daemon().factory());
      case VIRTUAL ->
          Executors.newScheduledThreadPool(
              threadCount, Thread.ofVirtual().name(name + "-", 0).factory());
    };
  }
}
