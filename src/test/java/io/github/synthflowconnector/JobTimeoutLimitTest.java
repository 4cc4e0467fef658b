package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.client.impl.CamundaClientBuilderImpl;
import io.github.synthflowconnector.model.Authentication;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import io.github.synthflowconnector.model.InputRules;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A call's hard deadline (connect plus read timeout) must end before the job timeout with which the
 * connector runtime activated the job, or Zeebe gives the job to another worker while the first
 * DELETE is still in flight.
 */
class JobTimeoutLimitTest {

  static final String KEY = "sk_live_job_timeout_9d2e";
  static final String FIELDS = "connectionTimeoutInSeconds + readTimeoutInSeconds";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  static DeletePhoneNumberRequest withTimeouts(Object connect, Object read) {
    return new DeletePhoneNumberRequest(
        new Authentication(KEY), "eu", null, "+14155550123", null, connect, read);
  }

  @Nested
  class Limit {

    @Test
    void shouldEndWellBeforeTheRuntimesDefaultJobTimeout_whenNothingIsConfigured() {
      // The 8.8 connector runtime opens its workers with the Camunda client's default job timeout.
      Duration jobTimeout = CamundaClientBuilderImpl.DEFAULT_JOB_TIMEOUT;
      Duration limit = Duration.ofSeconds(InputRules.DEFAULT_MAX_CALL_SECONDS);

      assertThat(jobTimeout).isEqualTo(Duration.ofMinutes(5));
      assertThat(limit.plusSeconds(60)).isLessThanOrEqualTo(jobTimeout);
    }

    @Test
    void shouldAllowTheTemplateDefaults_whenNothingIsConfigured() {
      assertThat(
              InputRules.DEFAULT_CONNECT_TIMEOUT_SECONDS + InputRules.DEFAULT_READ_TIMEOUT_SECONDS)
          .isLessThanOrEqualTo(InputRules.DEFAULT_MAX_CALL_SECONDS);
    }

    @Test
    void shouldTellModelersTheLimit_whenTemplateDescribesTheReadTimeout() throws IOException {
      for (String file :
          new String[] {
            "element-templates/synthflow-delete-phone-number.json",
            "element-templates/hybrid/synthflow-delete-phone-number-hybrid.json"
          }) {
        JsonNode template = new ObjectMapper().readTree(Path.of(file).toFile());
        String description = null;
        for (JsonNode property : template.get("properties")) {
          if ("readTimeoutInSeconds".equals(property.path("binding").path("name").asText())) {
            description = property.path("description").asText();
          }
        }
        assertThat(description)
            .as(file)
            .contains("at most " + InputRules.DEFAULT_MAX_CALL_SECONDS + " seconds");
      }
    }
  }

  @Nested
  class Configuration {

    @ParameterizedTest(name = "property {0}, environment {1} -> {2}")
    @CsvSource(
        nullValues = "null",
        value = {
          "null, null, 240",
          "'', '', 240",
          "420, null, 420",
          "' 420 ', null, 420",
          "null, 600, 600",
          "420, 600, 420",
          "120, null, 120",
          "ten, null, 240",
          "1, null, 240",
          "-5, 600, 240",
          "4.5, null, 240"
        })
    void shouldReadTheLimit_whenPropertyOrEnvironmentSetsIt(
        String property, String environment, int expected) {
      assertThat(RequestValidator.maxCallSeconds(property, environment)).isEqualTo(expected);
    }

    @Test
    void shouldUseTheDefault_whenTestJvmConfiguresNothing() {
      assertThat(System.getProperty(RequestValidator.MAX_CALL_SECONDS_PROPERTY)).isNull();
      assertThat(System.getenv(RequestValidator.MAX_CALL_SECONDS_ENV)).isNull();
      assertThat(RequestValidator.MAX_CALL_SECONDS).isEqualTo(240);
    }

    @Test
    void shouldAcceptTheLongestTimeouts_whenLimitIsRaisedForALongerJobTimeout() {
      assertThatCode(() ->
              RequestValidator.checkCallFitsJobTimeout(
                  Duration.ofSeconds(60), Duration.ofSeconds(300), 360))
          .doesNotThrowAnyException();
      assertThatThrownBy(() ->
              RequestValidator.checkCallFitsJobTimeout(
                  Duration.ofSeconds(60), Duration.ofSeconds(300), 359))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at most 359 seconds");
    }
  }

  @Nested
  class Validation {

    @Test
    void shouldAccept_whenTimeoutsAddUpToTheLimit() {
      DeletionTarget target = RequestValidator.validate(withTimeouts(60, 180));
      assertThat(target.totalTimeout()).isEqualTo(Duration.ofSeconds(240));
    }

    @ParameterizedTest
    @CsvSource({"60, 181, 241", "60, 300, 360", "1, 240, 241", "'41', '200', 241"})
    void shouldRejectNamingBothFieldsAndTheLimit_whenTimeoutsAddUpToMore(
        Object connect, Object read, int total) {
      assertThatThrownBy(() -> RequestValidator.validate(withTimeouts(connect, read)))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(FIELDS))
          .hasMessageStartingWith(FIELDS + " must be at most 240 seconds together")
          .hasMessageContaining(" = " + total + ")")
          .hasMessageContaining("job timeout")
          .hasMessageContaining(RequestValidator.MAX_CALL_SECONDS_ENV);
    }

    @Test
    void shouldStillRejectTheSingleField_whenOneTimeoutIsOutOfItsOwnRange() {
      assertThatThrownBy(() -> RequestValidator.validate(withTimeouts(61, 10)))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(e ->
              assertThat(((InvalidInputException) e).field())
                  .isEqualTo("connectionTimeoutInSeconds"));
    }
  }

  @Nested
  class InTheRuntime {

    final RuntimeHarness runtime = LocalSynthflow.runtime(KEY);

    @Test
    void shouldRaiseIncidentWithoutCallingSynthflow_whenTimeoutsOutliveTheJobTimeout() {
      Map<String, Object> variables =
          TaskInputs.againstLocalServer(synthflow.baseUrl() + "/v2", "+14155550123");
      variables.put("connectionTimeoutInSeconds", "60");
      variables.put("readTimeoutInSeconds", "300");

      JobOutcome outcome = runtime.run(variables, Map.of("retryBackoff", "PT0S"), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.connectorErrorCode()).isEqualTo("INVALID_INPUT");
      assertThat(outcome.retries()).isZero();
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Invalid input: "
                  + FIELDS
                  + " must be at most 240 seconds together (here 60 + 300 = 360): the call must"
                  + " end before the connector runtime's job timeout (5 minutes by default), or"
                  + " Zeebe hands the job to another worker while the deletion is still running."
                  + " Lower one of them, or raise SYNTHFLOW_CONNECTOR_MAX_CALL_SECONDS together"
                  + " with the runtime's job timeout");
      assertThat(outcome.connectorErrorVariables()).isEqualTo(Map.of("field", FIELDS));
      synthflow.verify(exactly(0), anyRequestedFor(anyUrl()));
    }
  }
}
