package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.HostileJobs.Timed;
import io.github.synthflowconnector.HostileServer.Exchange;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.hc.core5.pool.PoolStats;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connector instance shared by many jobs on many threads, as in a runtime: answers never mix up
 * between jobs, and no failure, however abrupt, leaves a connection leased from the pool.
 */
class LoadPoolTest {

  static final int THREADS = 8;

  @RegisterExtension static final HostileRig.PerClass rig = new HostileRig.PerClass();

  /** The number of job i: distinct, valid, and carrying i in its last four digits. */
  static String number(int i) {
    return String.format("+1415550%04d", i);
  }

  static int index(Exchange x) {
    String target = x.request().target();
    return Integer.parseInt(target.substring(target.length() - 4));
  }

  /** Runs count jobs on THREADS threads, all released at once. */
  static List<Timed> runConcurrently(int count, IntFunction<Object> phoneNumber) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Timed>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Object number = phoneNumber.apply(i);
        futures.add(
            pool.submit(() -> {
              go.await();
              return rig.jobs().runChecked(HostileJobs.variables(rig.server().baseUrl(), number));
            }));
      }
      go.countDown();
      List<Timed> results = new ArrayList<>();
      for (Future<Timed> future : futures) {
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  static void assertNothingLeased(String when) {
    PoolStats stats = rig.http().poolStats();
    System.out.printf("[hostile] pool %s: %s%n", when, stats);
    assertThat(stats.getLeased()).as("leased connections " + when).isZero();
    assertThat(stats.getPending()).as("threads waiting for a connection " + when).isZero();
  }

  @Nested
  class Concurrency {

    @Test
    void shouldGiveEveryJobItsOwnAnswer_when64JobsRunAtOnceOn8Threads() throws Exception {
      AtomicInteger inFlight = new AtomicInteger();
      AtomicInteger maxInFlight = new AtomicInteger();
      // The first request waits for a second one, so that the overlap does not hinge on a few
      // milliseconds of a loaded machine: for up to half the jobs' 1 s read timeout, an age for
      // 8 threads started together, unless the client sends one request at a time.
      CountDownLatch overlap = new CountDownLatch(2);
      rig.server()
          .script(x -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
              overlap.countDown();
              overlap.await(500, TimeUnit.MILLISECONDS);
              x.sleep(Duration.ofMillis(30)); // more overlap: answers must not mix up
              String slug = x.request().target().substring("/v2/numbers/".length());
              x.respond(200, Map.of(), "{\"status\":\"deleted " + slug + "\"}");
            } finally {
              inFlight.decrementAndGet();
            }
          });

      long start = System.nanoTime();
      List<Timed> results = runConcurrently(64, LoadPoolTest::number);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      for (int i = 0; i < results.size(); i++) {
        JobOutcome outcome = results.get(i).outcome();
        String slug = number(i).substring(1);
        assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
        assertThat(outcome.variables())
            .containsEntry(
                "synthflowResult",
                Map.of(
                    "status",
                    "deleted " + slug,
                    "deleted",
                    true,
                    "phoneNumberSlug",
                    slug,
                    "region",
                    "custom"));
      }
      assertThat(rig.server().requests())
          .extracting(HostileServer.Request::target)
          .hasSize(64)
          .doesNotHaveDuplicates();
      assertThat(maxInFlight.get()).as("requests in flight at once").isGreaterThan(1);
      System.out.printf(
          "[hostile] load: 64 jobs on %d threads, all correct, in %d ms; at most %d requests in"
              + " flight at once%n",
          THREADS, took.toMillis(), maxInFlight.get());
      assertNothingLeased("after 64 concurrent jobs");
    }
  }

  @Nested
  class Failures {

    /** A way to fail, and the error code the process must see for it. */
    record Kind(String name, String code, HostileServer.Script script) {}

    static final byte[] OVERSIZED = "z".repeat(100_000).getBytes(StandardCharsets.US_ASCII);

    static final List<Kind> FAST_KINDS =
        List.of(
            new Kind("500", "SERVER_ERROR", x -> x.respond(500, Map.of(), "{\"detail\":\"x\"}")),
            new Kind(
                "429 + Retry-After",
                "RATE_LIMITED",
                x -> x.respond(429, Map.of("Retry-After", "7"), "")),
            new Kind("404", "NOT_FOUND", x -> x.respond(404, Map.of(), "")),
            new Kind("401", "UNAUTHORIZED", x -> x.respond(401, Map.of(), "no")),
            new Kind("400 non-JSON", "BAD_REQUEST", x -> x.respond(400, Map.of(), "<html>")),
            new Kind(
                "302",
                "UNEXPECTED_RESPONSE",
                x -> x.respond(302, Map.of("Location", "https://collector.invalid/"), "")),
            new Kind("reset", "CONNECTION_FAILED", Exchange::reset),
            new Kind(
                "reset mid-body",
                "CONNECTION_FAILED",
                x -> {
                  x.write("HTTP/1.1 500 Oops\r\nContent-Length: 99\r\n\r\n{");
                  x.reset();
                }),
            new Kind(
                "truncated body",
                "CONNECTION_FAILED",
                x -> {
                  x.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 99\r\n\r\n{");
                  x.hangUp();
                }),
            new Kind("closed, no answer", "CONNECTION_FAILED", Exchange::hangUp),
            new Kind("oversized body", "SERVER_ERROR", x -> x.respond(503, Map.of(), OVERSIZED)),
            new Kind(
                "corrupt gzip",
                "CONNECTION_FAILED",
                x -> x.respond(500, Map.of("Content-Encoding", "gzip"), "not gzip")),
            new Kind(
                "not HTTP",
                "CONNECTION_FAILED",
                x -> {
                  x.write("SSH-2.0-x\r\n\r\n");
                  x.hangUp();
                }),
            new Kind(
                "endless header line",
                "CONNECTION_FAILED",
                x -> {
                  x.write("HTTP/1.1 200 OK\r\nX: " + "a".repeat(64 * 1024));
                  x.hangUp();
                }),
            new Kind(
                "101",
                "CONNECTION_FAILED",
                x -> {
                  x.write("HTTP/1.1 101 Switching Protocols\r\n\r\n");
                  x.hangUp();
                }));

    static final List<Kind> SLOW_KINDS =
        List.of(
            new Kind("never answers", "TIMEOUT", Exchange::stall),
            new Kind(
                "trickles",
                "TIMEOUT",
                x -> {
                  for (int i = 0; i < 20; i++) {
                    x.write(new byte[] {'H'});
                    x.sleep(Duration.ofMillis(400));
                  }
                }));

    @Test
    void shouldLeaveNoLeasedConnection_after1000FailingCallsOfEveryKind() throws Exception {
      int calls = 1_000;
      List<Kind> all = new ArrayList<>(FAST_KINDS);
      all.addAll(SLOW_KINDS);
      // Timeouts cost a second or two each: a few of them, overlapping the fast failures.
      Set<Integer> slow = Set.of(7, 8, 9, 10, 511, 512, 513, 514);
      IntFunction<Kind> kindOf =
          i ->
              slow.contains(i)
                  ? SLOW_KINDS.get(i % SLOW_KINDS.size())
                  : FAST_KINDS.get(i % FAST_KINDS.size());
      Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
      rig.server()
          .script(x -> {
            Kind kind = kindOf.apply(index(x));
            served.computeIfAbsent(kind.name(), k -> new AtomicInteger()).incrementAndGet();
            kind.script().answer(x);
          });
      LoadDirectCalls direct = new LoadDirectCalls(rig.http());

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<LoadDirectCalls.Result>> futures = new ArrayList<>();
      long start = System.nanoTime();
      try {
        for (int i = 0; i < calls; i++) {
          String number = number(i);
          futures.add(pool.submit(() -> direct.call(rig.server().baseUrl(), number)));
        }
        Map<String, Integer> codes = new TreeMap<>();
        Duration slowest = Duration.ZERO;
        for (int i = 0; i < calls; i++) {
          LoadDirectCalls.Result result = futures.get(i).get(60, TimeUnit.SECONDS);
          Kind kind = kindOf.apply(i);
          assertThat(result.errorCode()).as(kind.name()).isEqualTo(kind.code());
          assertThat(HostileSecrets.foundIn(result.text())).as(kind.name()).isEmpty();
          assertThat(result.took()).as(kind.name()).isLessThan(HostileJobs.HANDLER_BOUND);
          codes.merge(kind.code(), 1, Integer::sum);
          slowest = result.took().compareTo(slowest) > 0 ? result.took() : slowest;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(served.keySet())
            .containsExactlyInAnyOrderElementsOf(
                all.stream().map(Kind::name).collect(Collectors.toSet()));
        System.out.printf(
            "[hostile] load: %d failing calls of %d kinds on %d threads in %d ms (slowest %d ms):"
                + " %s%n",
            calls, all.size(), THREADS, took.toMillis(), slowest.toMillis(), codes);
      } finally {
        pool.shutdownNow();
      }
      assertNothingLeased("after " + calls + " failing calls");

      // The pool is whole: the next job gets a connection at once and succeeds.
      rig.server().script(Exchange::ok);
      Timed next =
          rig.jobs().runChecked(HostileJobs.variables(rig.server().baseUrl(), number(9999)));
      // A leased-out pool would make it wait the connection timeout for a lease, then fail.
      assertThat(next.outcome().kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
      System.out.printf("[hostile] next job after the failures: %d ms%n", next.took().toMillis());
      assertNothingLeased("after the next job");
    }
  }
}
