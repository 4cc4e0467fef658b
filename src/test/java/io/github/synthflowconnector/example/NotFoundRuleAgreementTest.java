package io.github.synthflowconnector.example;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.synthflowconnector.LocalSynthflow;
import io.github.synthflowconnector.SynthflowErrorCasesTest;
import io.github.synthflowconnector.SynthflowErrorCasesTest.Case;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One "number not found" rule, two implementations: every row of {@code synthflow-errors/cases.csv}
 * (the dedicated connector's table, run by {@link SynthflowErrorCasesTest}) is served to the
 * no-install template run as a cluster runs it ({@link NoInstallTask}: Camunda's REST connector,
 * its error shape, the template's FEEL error expression), for both settings of <i>If the number
 * does not exist</i>. The outcome must be the row's, up to the differences the README documents:
 * the REST connector cannot complete a failed call, so "already gone" with <i>Succeed</i> is the
 * BPMN error {@code SYNTHFLOW_NUMBER_NOT_FOUND}; an error code is the prefix of the incident
 * message, with the same retries.
 */
class NotFoundRuleAgreementTest {

  static final String KEY = "sk_live_agreement_5d20c7e1a4";
  static final String PATH = "/v2/numbers/14155550123";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  final NoInstallTask rig = new NoInstallTask();

  NoInstallTask.Run serveAndRun(Case row, String ifNotFound) {
    synthflow.stubFor(delete(urlPathMatching("/v2/numbers/.*")).willReturn(row.response()));
    NoInstallTask.Run run =
        rig.run(
            NoInstallTask.apply(
                Map.of("region", "eu", "phoneNumber", "+1 415 555 0123", "ifNotFound", ifNotFound)),
            Map.of(),
            Map.of(NoInstallTemplateTest.REGION_ROOTS.get("eu"), synthflow.baseUrl()),
            Map.of("SYNTHFLOW_API_KEY", KEY),
            3);
    // The REST connector's HTTP client repeats a 429 or 503 once by itself (README: Which one?).
    int sent = row.status() == 429 || row.status() == 503 ? 2 : 1;
    List<LoggedRequest> requests = synthflow.findAll(anyRequestedFor(anyUrl()));
    assertThat(requests).hasSize(sent);
    for (LoggedRequest request : requests) {
      assertThat(request.getMethod().getName()).isEqualTo("DELETE");
      assertThat(request.getUrl()).isEqualTo(PATH);
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }
    assertThat(String.valueOf(run.outcome())).doesNotContain(KEY);
    return run;
  }

  @Nested
  class EveryRowOfTheConnectorsTable {

    @ParameterizedTest(name = "{0}, ifNotFound={1} -> {2}")
    @MethodSource("io.github.synthflowconnector.SynthflowErrorCasesTest#casesWithSetting")
    void shouldReachTheConnectorsOutcome_whenTheTemplateGetsTheSameAnswer(
        Case row, String ifNotFound, String expected) {
      NoInstallTask.Run run = serveAndRun(row, ifNotFound);
      JobOutcome outcome = run.outcome();

      switch (expected) {
        case "deleted" -> {
          assertThat(outcome.kind()).as("%s", outcome).isEqualTo(JobOutcome.Kind.COMPLETED);
          assertThat(run.processVariables().get("synthflowResult"))
              .asInstanceOf(InstanceOfAssertFactories.MAP)
              .containsEntry("deleted", true)
              .containsEntry("phoneNumberSlug", "14155550123");
        }
        case "already_gone" -> {
          // Documented difference: the REST connector cannot complete a failed call.
          assertThat(outcome.kind()).as("%s", outcome).isEqualTo(JobOutcome.Kind.BPMN_ERROR);
          assertThat(outcome.bpmnErrorCode()).isEqualTo("SYNTHFLOW_NUMBER_NOT_FOUND");
          assertThat(outcome.variables().get("synthflowError"))
              .asInstanceOf(InstanceOfAssertFactories.MAP)
              .containsEntry("code", "NOT_FOUND")
              .containsEntry("deleted", false)
              .containsEntry("httpStatus", row.status());
        }
        default -> {
          // An error code X is the template's X, at the start of the incident message.
          assertThat(outcome.kind()).as("%s", outcome).isEqualTo(JobOutcome.Kind.FAILED);
          assertThat(outcome.errorMessage()).startsWith(expected + ": ");
          assertThat(outcome.retries()).as("retries").isEqualTo(row.retries());
        }
      }
    }
  }
}
