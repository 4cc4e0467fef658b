package io.github.synthflowconnector;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's deletion at the key's pace: waits for its turn, sends, and on a 429 waits for the
 * {@code Retry-After} and its next turn and sends again, all within the call's deadline (connect
 * plus read timeout), which the job timeout already allows for. Each request leaves at least a
 * quarter of the deadline for its own exchange: a request the deadline would cut is not sent.
 */
final class PacedDelete {

  private static final Logger LOG = LoggerFactory.getLogger(PacedDelete.class);

  private final SynthflowHttpClient http;
  private final PaceRegistry paces;
  private final Clock clock;

  PacedDelete(SynthflowHttpClient http, PaceRegistry paces, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.paces = Objects.requireNonNull(paces, "paces");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What became of the call.
   *
   * @param response the last answer, a 429 when the key's limit outlasted the deadline; null when
   *     no request was sent at all
   * @param notBefore how long nobody should send with this key from now on (0 when no limit)
   * @param requests how many requests this call sent
   */
  record Result(SynthflowResponse response, Duration notBefore, int requests) {}

  Result delete(DeletionTarget target) throws IOException {
    KeyPace pace = paces.forKey(target.uri(), target.apiKey());
    long total = target.totalTimeout().toNanos();
    long deadline = System.nanoTime() + total;
    long latestStart = deadline - total / 4;
    SynthflowResponse last = null;
    int requests = 0;
    while (true) {
      long turn;
      try {
        turn = pace.acquire(latestStart);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the runtime is stopping: hand the job back
        return new Result(last, Duration.ofSeconds(1), requests);
      }
      if (turn < 0) {
        return new Result(last, Duration.ofNanos(-turn), requests);
      }
      long sent = System.nanoTime();
      SynthflowResponse response;
      try {
        response = http.delete(target, Duration.ofNanos(deadline - sent));
      } catch (IOException | RuntimeException e) {
        pace.unanswered(sent);
        throw e;
      }
      requests++;
      if (response.statusCode() != 429) {
        pace.accepted(sent);
        return new Result(response, Duration.ZERO, requests);
      }
      last = response;
      if (pace.rateLimited(sent, retryAfterNanos(response))) {
        LOG.debug(
            "Synthflow answered 429 for API key {}: pacing its requests at {} per second",
            pace.name(),
            String.format(java.util.Locale.ROOT, "%.2f", pace.rate()));
      }
    }
  }

  /** The server's wait, capped before converting: a date centuries ahead overflows nanoseconds. */
  private long retryAfterNanos(SynthflowResponse response) {
    Duration wait = RetryAfter.parse(response.retryAfter(), clock).orElse(Duration.ZERO);
    return (wait.compareTo(ErrorMapper.MAX_RETRY_AFTER) > 0 ? ErrorMapper.MAX_RETRY_AFTER : wait)
        .toNanos();
  }
}
