package io.github.synthflowconnector.bulk;

import io.github.synthflowconnector.RuntimeCopies;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tuning aid only, no engine: W simulated runtimes, each with J active jobs, taking jobs from one
 * queue that honours retries and backoff like Zeebe. The measured table comes from the engine.
 */
public final class SimulatedBulkRun {

  record Job(String slug, int retries, long dueNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(dueNanos, ((Job) o).dueNanos);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    double r = Double.parseDouble(args[1]);
    int w = Integer.parseInt(args[2]);
    int j = Integer.parseInt(args[3]);
    int threads = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    try (RateLimitedSynthflow synthflow = new RateLimitedSynthflow(r, 20)) {
      DelayQueue<Job> queue = new DelayQueue<>();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        queue.add(new Job(String.valueOf(14155550000L + i), 3, start));
      }
      AtomicInteger done = new AtomicInteger();
      AtomicInteger incidents = new AtomicInteger();
      AtomicInteger handedBack = new AtomicInteger();
      List<Thread> workers = new ArrayList<>();
      for (int k = 0; k < w; k++) {
        RuntimeHarness runtime =
            new RuntimeHarness(
                RuntimeCopies.newRuntimeCopy(), Map.of("SYNTHFLOW_API_KEY", "sk-bulk"));
        ExecutorService executor =
            threads == 0
                ? Executors.newVirtualThreadPerTaskExecutor()
                : Executors.newFixedThreadPool(threads);
        Semaphore active = new Semaphore(j);
        Thread worker =
            Thread.ofPlatform()
                .daemon()
                .start(() -> {
                  try {
                    while (done.get() + incidents.get() < n) {
                      active.acquire();
                      Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                      if (job == null) {
                        active.release();
                        continue;
                      }
                      executor.execute(() -> {
                        try {
                          JobOutcome o =
                              runtime.run(
                                  TaskInputs.againstLocalServer(
                                      synthflow.apiRoot(), "+" + job.slug()),
                                  Map.of("retries", "3", "retryBackoff", "PT0S"),
                                  job.retries());
                          if (o.kind() == JobOutcome.Kind.COMPLETED) {
                            done.incrementAndGet();
                          } else if (o.retries() != null && o.retries() > 0) {
                            handedBack.incrementAndGet();
                            Duration b =
                                o.retryBackoff() == null ? Duration.ZERO : o.retryBackoff();
                            queue.add(
                                new Job(job.slug(), o.retries(), System.nanoTime() + b.toNanos()));
                          } else {
                            incidents.incrementAndGet();
                          }
                        } finally {
                          active.release();
                        }
                      });
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
        workers.add(worker);
      }
      for (Thread t : workers) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long once = synthflow.deletions().values().stream().filter(x -> x == 1).count();
      System.out.printf(
          "N=%d R=%.0f W=%d J=%d threads=%s: %.1f s = %.2f x floor, %d incidents, %d handed back,"
              + " %.2f requests/number, %d 429s, %d deleted once, %d early%n",
          n,
          r,
          w,
          j,
          threads == 0 ? "virtual" : threads,
          seconds,
          seconds / (n / r),
          incidents.get(),
          handedBack.get(),
          synthflow.requests() / (double) n,
          synthflow.rateLimited(),
          once,
          synthflow.early());
    }
    System.exit(0);
  }
}
