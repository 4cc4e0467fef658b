package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.OutcomeAssertions;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector inside the real 8.8 job handler, configured as the element template configures a
 * task: what a process actually gets to see (variables, BPMN errors, incidents, retries).
 */
class SynthflowRuntimeTest {

  static final String KEY = "sk_live_runtime_7f3a9c2e";
  static final String PATH = "/v2/numbers/14155550123";

  /** The error expression the README recommends for an idempotent offboarding. */
  static final String NOT_FOUND_TO_BPMN_ERROR =
      "=if error.code = \"NOT_FOUND\" then bpmnError(\"SYNTHFLOW_NUMBER_NOT_FOUND\","
          + " error.message, {slug: error.variables.phoneNumberSlug}) else null";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  final RuntimeHarness runtime = LocalSynthflow.runtime(KEY);

  Map<String, Object> variables() {
    Map<String, Object> variables =
        TaskInputs.againstLocalServer(synthflow.baseUrl() + "/v2", "+1 415 555 0123");
    return variables;
  }

  /** Task headers as the element template writes them by default. */
  static Map<String, String> templateHeaders() {
    Map<String, String> headers = new HashMap<>();
    headers.put("resultVariable", "synthflowResult");
    headers.put("retryBackoff", "PT0S");
    headers.put("elementTemplateId", "io.github.synthflowconnector.DeletePhoneNumber.v1");
    headers.put("elementTemplateVersion", "2");
    return headers;
  }

  static void answer(int status, String body) {
    synthflow.stubFor(delete(PATH).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @Nested
  class Results {
    @Test
    void shouldPutResultIntoDefaultVariable_whenNumberDeleted() {
      answer(200, "{\"status\":\"ok\"}");

      JobOutcome outcome = runtime.run(variables(), templateHeaders(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
      assertThat(outcome.variables())
          .containsOnlyKeys("synthflowResult")
          .containsEntry(
              "synthflowResult",
              Map.of(
                  "status",
                  "ok",
                  "deleted",
                  true,
                  "phoneNumberSlug",
                  "14155550123",
                  "region",
                  "custom"));
    }

    @Test
    void shouldReplaceSecretBeforeBinding_whenKeyIsASecretReference() {
      answer(200, "{\"status\":\"ok\"}");

      runtime.run(variables(), templateHeaders(), 3);

      synthflow.verify(
          deleteRequestedFor(urlEqualTo(PATH))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void shouldMapWithResultExpression_whenConfigured() {
      answer(200, "{\"status\":\"ok\"}");
      Map<String, String> headers = templateHeaders();
      headers.remove("resultVariable");
      headers.put(
          "resultExpression", "={numberGone: deleted, offboardingStatus: \"number \" + status}");

      JobOutcome outcome = runtime.run(variables(), headers, 3);

      assertThat(outcome.variables())
          .containsOnly(Map.entry("numberGone", true), Map.entry("offboardingStatus", "number ok"));
    }

    @Test
    void shouldCompleteWithNotFoundStatus_whenAlreadyDeletedAndIfNotFoundSucceed() {
      answer(400, "{\"detail\":\"Phone number not found\"}");
      Map<String, Object> variables = variables();
      variables.put("ifNotFound", "succeed");

      JobOutcome outcome = runtime.run(variables, templateHeaders(), 3);

      OutcomeAssertions.assertAlreadyGone(outcome, "14155550123");
    }
  }

  @Nested
  class ErrorExpressions {
    @Test
    void shouldThrowBpmnErrorWithVariables_whenErrorExpressionMatchesNotFound() {
      answer(400, "{\"detail\":\"Phone number does not exist\"}");
      Map<String, String> headers = templateHeaders();
      headers.put("errorExpression", NOT_FOUND_TO_BPMN_ERROR);

      JobOutcome outcome = runtime.run(variables(), headers, 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.BPMN_ERROR);
      assertThat(outcome.bpmnErrorCode()).isEqualTo("SYNTHFLOW_NUMBER_NOT_FOUND");
      assertThat(outcome.errorMessage()).contains("does not exist in the Synthflow workspace");
      assertThat(outcome.variables()).containsEntry("slug", "14155550123");
    }

    @Test
    void shouldLeaveOtherErrorsAlone_whenErrorExpressionMatchesOnlyNotFound() {
      answer(401, "{\"detail\":\"Invalid API key\"}");
      Map<String, String> headers = templateHeaders();
      headers.put("errorExpression", NOT_FOUND_TO_BPMN_ERROR);

      JobOutcome outcome = runtime.run(variables(), headers, 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.connectorErrorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(outcome.retries()).isZero();
    }

    @Test
    void shouldSeeHttpStatusInErrorVariables_whenExpressionBranchesOnIt() {
      answer(403, "{\"message\":\"forbidden\"}");
      Map<String, String> headers = templateHeaders();
      headers.put(
          "errorExpression",
          "=if error.variables.httpStatus = 403 then bpmnError(\"ESCALATE\", error.code) else"
              + " null");

      JobOutcome outcome = runtime.run(variables(), headers, 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.BPMN_ERROR);
      assertThat(outcome.bpmnErrorCode()).isEqualTo("ESCALATE");
      assertThat(outcome.errorMessage()).isEqualTo("FORBIDDEN");
    }

    @Test
    void shouldReachBpmnErrorForRetryableCode_whenExpressionMatchesIt() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
      Map<String, String> headers = templateHeaders();
      headers.put(
          "errorExpression",
          "=if error.code = \"RATE_LIMITED\" and job.retries <= 1 then"
              + " bpmnError(\"SYNTHFLOW_BUSY\", error.message) else null");

      JobOutcome lastTry = runtime.run(variables(), headers, 1);

      assertThat(lastTry.kind()).isEqualTo(JobOutcome.Kind.BPMN_ERROR);
      assertThat(lastTry.bpmnErrorCode()).isEqualTo("SYNTHFLOW_BUSY");
    }
  }

  @Nested
  class RetriesPerCode {
    @Test
    void shouldRaiseIncidentAtOnce_whenInputInvalid() {
      Map<String, Object> variables = variables();
      variables.put("region", "mars");

      JobOutcome outcome = runtime.run(variables, templateHeaders(), 3);

      assertThat(outcome.retries()).isZero();
      assertThat(outcome.connectorErrorCode()).isEqualTo("INVALID_INPUT");
      assertThat(outcome.errorMessage()).contains("region must be one of us, eu, global or custom");
    }

    @Test
    void shouldRaiseIncidentAtOnce_whenSecretMissing() {
      RuntimeHarness noSecrets =
          new RuntimeHarness(
              new SynthflowDeletePhoneNumberFunction(new SynthflowHttpClient(), Clock.systemUTC()),
              Map.of());

      JobOutcome outcome = noSecrets.run(variables(), templateHeaders(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.retries()).isZero();
      assertThat(outcome.connectorErrorCode()).isEqualTo("INVALID_INPUT");
      assertThat(outcome.errorMessage())
          .startsWith("Invalid input: secrets.SYNTHFLOW_API_KEY could not be resolved");
      assertThat(synthflow.getAllServeEvents()).isEmpty();
    }

    @Test
    void shouldKeepRetriesAndWaitFloor_whenServerErrorAndTemplateBackoffZero() {
      answer(502, "Bad Gateway");

      JobOutcome outcome = runtime.run(variables(), templateHeaders(), 3);

      assertThat(outcome.retries()).isEqualTo(2);
      assertThat(outcome.retryBackoff()).isEqualTo(ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.connectorErrorCode()).isEqualTo("SERVER_ERROR");
      assertThat(outcome.commands()).contains("retryBackoff(PT5S)");
    }

    @Test
    void shouldRetryWithServerBackoff_whenRateLimited() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "42")));

      JobOutcome outcome = runtime.run(variables(), templateHeaders(), 3);

      assertThat(outcome.retries()).isEqualTo(2);
      assertThat(outcome.retryBackoff())
          .isBetween(Duration.ofSeconds(42), RetryJitter.widest(Duration.ofSeconds(42)));
      assertThat(outcome.connectorErrorCode()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void shouldNotLeakKey_whenAnyOutcomeIsPrinted() {
      answer(400, "{\"detail\":\"token " + KEY + " is not valid for this number\"}");

      JobOutcome outcome = runtime.run(variables(), templateHeaders(), 3);

      assertThat(outcome.connectorErrorCode()).isEqualTo("BAD_REQUEST");
      assertThat(outcome.toString()).doesNotContain(KEY).contains("token *** is not valid");
    }
  }
}
