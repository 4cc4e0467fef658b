package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.connector.api.error.ConnectorInputException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Which runtime failures count as a missing secret. The runtime-level message is asserted in
 * OperatorMessagesTest; these are the cases the 8.8.7 runtime does not produce on demand.
 */
class UnresolvedSecretTest {

  /** An exception as if thrown by the runtime's secret handler. */
  static ConnectorInputException fromSecretHandler(String message) {
    ConnectorInputException e = new ConnectorInputException(message);
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              UnresolvedSecret.RUNTIME_SECRET_PACKAGE + "SecretHandler", "lambda$new$0", null, 38),
          new StackTraceElement(
              "io.camunda.connector.runtime.core.outbound.JobHandlerContext", "mapJson", null, 86)
        });
    return e;
  }

  @Nested
  class Recognised {
    @Test
    void shouldNameTheSecret_whenTheRuntimeSaysWhichIsMissing() {
      InvalidInputException problem =
          UnresolvedSecret.from(fromSecretHandler("Secret with name 'EU_KEY' is not available"))
              .orElseThrow();

      assertThat(problem.field()).isEqualTo("secrets.EU_KEY");
      assertThat(problem.getMessage())
          .startsWith(
              "secrets.EU_KEY could not be resolved: the connector runtime has no secret"
                  + " named EU_KEY.");
    }

    @Test
    void shouldStillReportAMissingSecret_whenTheRuntimesWordingChanges() {
      InvalidInputException problem =
          UnresolvedSecret.from(fromSecretHandler("no such secret")).orElseThrow();

      assertThat(problem.field()).isEqualTo("secrets");
      assertThat(problem.getMessage()).contains("no secret of the name the task references");
    }

    @Test
    void shouldNotRepeatTheName_whenItIsNoPlainSecretName() {
      InvalidInputException problem =
          UnresolvedSecret.from(
                  fromSecretHandler("Secret with name 'sk_live x\"y' is not available"))
              .orElseThrow();

      assertThat(problem.field()).isEqualTo("secrets");
      assertThat(problem.getMessage()).doesNotContain("sk_live");
    }
  }

  @Nested
  class NotASecretProblem {
    @Test
    void shouldIgnore_whenThrownOutsideTheSecretHandler() {
      ConnectorInputException elsewhere =
          new ConnectorInputException("Secret with name 'EU_KEY' is not available");

      assertThat(UnresolvedSecret.from(elsewhere)).isEmpty();
    }

    @Test
    void shouldIgnore_whenItWrapsABindingFailure() {
      ConnectorInputException binding = fromSecretHandler("Secret with name 'X' is not available");
      binding.initCause(new IllegalArgumentException("wrong type"));

      assertThat(UnresolvedSecret.from(binding)).isEmpty();
    }
  }
}
