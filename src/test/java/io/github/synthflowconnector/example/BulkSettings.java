package io.github.synthflowconnector.example;

import io.github.synthflowconnector.engine.WorkerSettings;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The parameters of a {@link BulkRun}: N numbers, R requests per second per key, W runtimes with J
 * active jobs each, and the threads their job workers run on ({@code virtual}, 8.9's default for
 * outbound connectors, or {@code platform:<count>}).
 */
record BulkSettings(
    int n,
    double rate,
    int runtimes,
    int jobs,
    WorkerSettings.Threads threads,
    int threadCount,
    long serviceMillis,
    List<String> contenders,
    boolean check) {

  static BulkSettings parse(String[] args) {
    int n = 400;
    double rate = 20;
    int runtimes = 2;
    int jobs = 32;
    String threads = "virtual";
    long serviceMillis = 20;
    List<String> contenders = List.of("connector", "no-install");
    boolean check = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--runtimes" -> runtimes = Integer.parseInt(args[++i]);
        case "--jobs" -> jobs = Integer.parseInt(args[++i]);
        case "--threads" -> threads = args[++i];
        case "--service-ms" -> serviceMillis = Long.parseLong(args[++i]);
        case "--contenders" -> contenders = List.of(args[++i].split(","));
        case "--check" -> check = true;
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + " (--n, --rate, --runtimes, --jobs, --threads virtual|platform:<count>,"
                    + " --service-ms, --contenders connector,no-install, --check)");
      }
    }
    boolean virtual = threads.equals("virtual");
    if (!virtual && !threads.matches("platform:[1-9][0-9]*")) {
      throw new IllegalArgumentException("--threads must be virtual or platform:<count>");
    }
    return new BulkSettings(
        n,
        rate,
        runtimes,
        jobs,
        virtual ? WorkerSettings.Threads.VIRTUAL : WorkerSettings.Threads.PLATFORM,
        virtual ? jobs : Integer.parseInt(threads.substring("platform:".length())),
        serviceMillis,
        contenders,
        check);
  }

  WorkerSettings worker() {
    return WorkerSettings.defaults().withMaxJobsActive(jobs).withThreads(threads, threadCount);
  }

  /** Ten times the floor and two minutes more: a run that needs longer has stalled. */
  long patienceNanos() {
    return TimeUnit.SECONDS.toNanos((long) (10 * n / rate) + 120);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "N = %d numbers, R = %.0f/s per key (burst %.0f, 429 with Retry-After: 1 beyond),"
            + " %d ms per answer, %d runtimes x %d active jobs, %s threads; floor N / R = %.1f s",
        n,
        rate,
        rate,
        serviceMillis,
        runtimes,
        jobs,
        threads == WorkerSettings.Threads.VIRTUAL ? "virtual" : threadCount + " platform",
        n / rate);
  }
}
