package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.OutcomeAssertions;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Runs jobs through the real job handler with the shortest timeouts the connector accepts. */
final class HostileJobs {

  static final int CONNECT_TIMEOUT_SECONDS = 1;
  static final int READ_TIMEOUT_SECONDS = 1;

  /** Two seconds on top of a job's own deadline absorb a slow, shared build machine. */
  static final Duration HANDLER_MARGIN = Duration.ofSeconds(2);

  /** The bound of a job with this class's shortest timeouts: every fault scenario is held to it. */
  static final Duration HANDLER_BOUND =
      Duration.ofSeconds(CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS).plus(HANDLER_MARGIN);

  /**
   * The connector promises to give up after the job's connect plus read timeout: the bound follows
   * the job's own inputs, so that a test which raises them for a loaded machine is held to them.
   */
  static Duration handlerBound(Map<String, Object> variables) {
    long connect = seconds(variables.get("connectionTimeoutInSeconds"), CONNECT_TIMEOUT_SECONDS);
    long read = seconds(variables.get("readTimeoutInSeconds"), READ_TIMEOUT_SECONDS);
    return Duration.ofSeconds(connect + read).plus(HANDLER_MARGIN);
  }

  /** A timeout input as the job has it; one that is no number is refused before any call. */
  private static long seconds(Object value, int otherwise) {
    try {
      return Math.max(otherwise, Long.parseLong(String.valueOf(value).strip()));
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  static final int RETRIES = OutcomeAssertions.RETRIES;

  /** A handler run: what Zeebe would receive and how long the worker thread was busy. */
  record Timed(JobOutcome outcome, Duration took) {}

  private final RuntimeHarness runtime;

  HostileJobs(SynthflowHttpClient http) {
    this.runtime =
        new RuntimeHarness(
            new SynthflowDeletePhoneNumberFunction(
                Objects.requireNonNull(http, "http"), Clock.systemUTC()),
            Map.of(HostileSecrets.SECRET_NAME, HostileSecrets.KEY));
  }

  static Map<String, Object> variables(String baseUrl, Object phoneNumber) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(
        "authentication", Map.of("apiKey", "{{secrets." + HostileSecrets.SECRET_NAME + "}}"));
    variables.put("region", "custom");
    variables.put("baseUrl", baseUrl);
    variables.put("phoneNumber", phoneNumber);
    variables.put("ifNotFound", "fail");
    variables.put("connectionTimeoutInSeconds", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    variables.put("readTimeoutInSeconds", String.valueOf(READ_TIMEOUT_SECONDS));
    return variables;
  }

  /** The headers the element template sets; PT0S so that the connector's own backoff shows. */
  static Map<String, String> headers() {
    return Map.of("resultVariable", "synthflowResult", "retryBackoff", "PT0S");
  }

  /**
   * Runs one successful job: the first job of a JVM loads the runtime (FEEL engine, Jackson
   * modules, Mockito), which is not a fault's cost and would blur every timing that follows.
   */
  Duration warmUp(HostileServer server) {
    server.script(HostileServer.Exchange::ok);
    Timed timed = run(variables(server.baseUrl(), "+14155550100"));
    assertThat(timed.outcome().kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
    return timed.took();
  }

  Timed run(Map<String, Object> variables) {
    long start = System.nanoTime();
    JobOutcome outcome = runtime.run(variables, headers(), RETRIES);
    return new Timed(outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Runs a job and checks what must hold whatever the fault: bounded time, no key anywhere. */
  Timed runChecked(Map<String, Object> variables) {
    Timed timed = run(variables);
    assertThat(timed.took()).as("handler time").isLessThan(handlerBound(variables));
    assertThat(HostileSecrets.foundIn(HostileSecrets.everythingVisible(timed.outcome())))
        .as("forms of the key in the command sent to Zeebe")
        .isEmpty();
    return timed;
  }
}
