package io.github.synthflowconnector.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

/**
 * What the tests check on a job's outcome, written once. Jobs run with {@link #RETRIES} retries, as
 * the element template's default.
 */
public final class OutcomeAssertions {

  /** The retries every test job is activated with. */
  public static final int RETRIES = 3;

  private OutcomeAssertions() {}

  /** Failed for good: an incident at once (or a BPMN error through the error expression). */
  public static void assertFinal(JobOutcome outcome, String code) {
    assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
    assertThat(outcome.connectorErrorCode()).isEqualTo(code);
    assertThat(outcome.retries()).as("retries").isZero();
  }

  /** Failed with one retry fewer, after the given backoff. */
  public static void assertRetried(JobOutcome outcome, String code, Duration backoff) {
    assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
    assertThat(outcome.connectorErrorCode()).isEqualTo(code);
    assertThat(outcome.retries()).as("retries").isEqualTo(RETRIES - 1);
    assertThat(outcome.retryBackoff()).as("backoff").isEqualTo(backoff);
  }

  /**
   * As {@link #assertRetried}, for a backoff with random spread: no shorter than {@code backoff},
   * no longer than {@code widest}.
   */
  public static void assertRetried(
      JobOutcome outcome, String code, Duration backoff, Duration widest) {
    assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
    assertThat(outcome.connectorErrorCode()).isEqualTo(code);
    assertThat(outcome.retries()).as("retries").isEqualTo(RETRIES - 1);
    assertThat(outcome.retryBackoff()).as("backoff").isBetween(backoff, widest);
  }

  /**
   * Completed as "already gone" (the number did not exist, nothing was deleted) for a task on a
   * local server, whose region is {@code custom} ({@link TaskInputs#againstLocalServer}).
   */
  public static void assertAlreadyGone(JobOutcome outcome, String phoneNumberSlug) {
    assertThat(result(outcome))
        .isEqualTo(
            Map.of(
                "status",
                "not_found",
                "deleted",
                false,
                "phoneNumberSlug",
                phoneNumberSlug,
                "region",
                "custom"));
  }

  /** The result variable of a completed job, under the template's default name. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> result(JobOutcome outcome) {
    assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
    return (Map<String, Object>) outcome.variables().get("synthflowResult");
  }
}
