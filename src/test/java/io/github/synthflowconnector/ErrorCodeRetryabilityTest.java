package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Retry or not is decided by {@link ErrorCode#retryable()} alone: for every code, a failure that
 * maps to it must be retried exactly when its flag says so. A mapper that decides on its own (a
 * status list, a hard-coded branch) disagrees with some flag and fails here.
 */
class ErrorCodeRetryabilityTest {

  static final ErrorMapper MAPPER =
      new ErrorMapper(Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC));

  static final DeletionTarget TARGET =
      new DeletionTarget(
          URI.create("https://api.eu.synthflow.ai/v2/numbers/14155550123"),
          "14155550123",
          "eu",
          "sk_retryability_1b2c",
          false,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30));

  /** One failure per code, taking the same path through the mapper as a real job. */
  static final Map<ErrorCode, Supplier<ConnectorException>> FAILURES = failures();

  static Map<ErrorCode, Supplier<ConnectorException>> failures() {
    Map<ErrorCode, Supplier<ConnectorException>> failures = new EnumMap<>(ErrorCode.class);
    failures.put(
        ErrorCode.INVALID_INPUT,
        () -> ErrorMapper.invalidInput(new InvalidInputException("phoneNumber", "is required")));
    failures.put(ErrorCode.UNAUTHORIZED, () -> response(401, "{\"detail\":\"Invalid API key\"}"));
    failures.put(ErrorCode.FORBIDDEN, () -> response(403, "{}"));
    failures.put(ErrorCode.NOT_FOUND, () -> response(404, ""));
    failures.put(ErrorCode.BAD_REQUEST, () -> response(400, "{\"detail\":\"bad\"}"));
    failures.put(ErrorCode.RATE_LIMITED, () -> response(429, ""));
    failures.put(ErrorCode.SERVER_ERROR, () -> response(503, ""));
    failures.put(
        ErrorCode.TIMEOUT,
        () -> MAPPER.fromTransport(new SocketTimeoutException("read"), TARGET, null));
    failures.put(
        ErrorCode.CONNECTION_FAILED,
        () -> MAPPER.fromTransport(new ConnectException("refused"), TARGET, null));
    failures.put(ErrorCode.UNEXPECTED_RESPONSE, () -> response(302, ""));
    return failures;
  }

  static ConnectorException response(int status, String body) {
    return MAPPER.fromResponse(
        new SynthflowResponse(status, body, Optional.empty(), Optional.empty()), TARGET, null);
  }

  @Nested
  class EveryCode {

    @Test
    void shouldHaveAFailureScenario_whenCodeExists() {
      assertThat(FAILURES.keySet()).containsExactlyInAnyOrder(ErrorCode.values());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldRetryExactlyWhenFlagSaysSo_whenFailureMapsToCode(ErrorCode code) {
      ConnectorException failure = FAILURES.get(code).get();

      assertThat(failure.getErrorCode()).isEqualTo(code.name());
      assertThat(failure instanceof ConnectorRetryException)
          .as("%s is retried", code)
          .isEqualTo(code.retryable());
      // The runtime sets retries to 0 for a ConnectorInputException cause: the final failures.
      assertThat(failure.getCause() instanceof ConnectorInputException)
          .as("%s is final", code)
          .isEqualTo(!code.retryable());
      if (failure instanceof ConnectorRetryException retry) {
        assertThat(retry.getBackoffDuration())
            .isGreaterThanOrEqualTo(ErrorMapper.MIN_RETRY_BACKOFF);
        assertThat(failure.getMessage()).containsIgnoringCase("retrying in");
      } else {
        assertThat(failure.getMessage()).doesNotContainIgnoringCase("retrying in");
      }
    }
  }
}
