package io.github.synthflowconnector.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.client.api.worker.JobWorker;
import io.github.synthflowconnector.LocalSynthflow;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a process author's test of a process with the Synthflow task looks like on Camunda 8.8
 * without Docker (README: "Testing your own process"): the example offboarding process on Zeebe
 * Process Test's embedded engine, once with the real connector against a loopback stand-in, once
 * with the task's job type answered by a mock worker. Zeebe runs the rest: the multi-instance, the
 * collected results and the summary script task.
 */
class ProcessAuthorExampleTest {

  static final String JOB_TYPE = "io.github.synthflowconnector:delete-phone-number:1";
  static final String PROCESS = "customer-workspace-offboarding";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  static EmbeddedZeebe zeebe;

  @BeforeAll
  static void startEngine() throws IOException {
    zeebe = EmbeddedZeebe.start();
    String bpmn = Files.readString(Path.of("examples", "offboarding.bpmn"));
    // The one change for a test: the task calls the stand-in, not Synthflow's EU region.
    String region = "<zeebe:input source=\"eu\" target=\"region\" />";
    assertThat(bpmn).contains(region);
    String pointed =
        bpmn.replace(
            region,
            region.replace("eu", "custom")
                + "<zeebe:input source=\"=synthflowApiRoot\" target=\"baseUrl\" />");
    zeebe
        .client()
        .newDeployResourceCommand()
        .addResourceFile("examples/release-number-by-hand.form")
        .addResourceStringUtf8(pointed, "offboarding.bpmn")
        .send()
        .join();
  }

  @AfterAll
  static void stopEngine() {
    zeebe.close();
  }

  static Map<String, Object> workspace(String... numbers) {
    return Map.of(
        "id",
        "ws_1",
        "name",
        "Test workspace",
        "phoneNumbers",
        List.of(numbers).stream().map(n -> Map.of("label", "line", "number", n)).toList());
  }

  @Nested
  class WithTheRealConnector {
    @Test
    void shouldSummariseTheOffboarding_whenTheConnectorRunsAgainstAStandIn() {
      synthflow.stubFor(
          delete("/v2/numbers/14155550101")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
      synthflow.stubFor(
          delete("/v2/numbers/14155550102")
              .willReturn(aResponse().withStatus(404).withBody("{\"detail\":\"Not Found\"}")));
      try (ConnectorWorker worker =
          zeebe.openWorker(
              JOB_TYPE,
              new SynthflowDeletePhoneNumberFunction(),
              Map.of("SYNTHFLOW_API_KEY", "sk_test_author_1"))) {

        long instance =
            zeebe.startInstance(
                PROCESS,
                Map.of(
                    "synthflowApiRoot",
                    synthflow.baseUrl() + "/v2",
                    "workspace",
                    workspace("+1 415 555 0101", "+1 415 555 0102")));

        assertThat(zeebe.records().awaitCompleted(instance))
            .containsEntry(
                "offboardingSummary",
                Map.of("deleted", 1, "alreadyGone", 1, "handledByOperator", 0));
      }
    }
  }

  @Nested
  class WithAMockedJobType {
    @Test
    void shouldSummariseTheOffboarding_whenAMockCompletesTheTask() {
      // The mock stands in for the whole connector runtime: it completes with what the runtime
      // would, after the task's result variable (numberResult) is applied.
      JobWorker mock =
          zeebe
              .client()
              .newWorker()
              .jobType(JOB_TYPE)
              .handler((client, job) -> {
                String number = (String) job.getVariablesAsMap().get("phoneNumber");
                boolean gone = number.endsWith("0102");
                Map<String, Object> result =
                    Map.of(
                        "status",
                        gone ? "not_found" : "ok",
                        "deleted",
                        !gone,
                        "phoneNumberSlug",
                        number.replaceAll("[^0-9]", ""),
                        "region",
                        "eu");
                client
                    .newCompleteCommand(job.getKey())
                    .variables(Map.of("numberResult", result))
                    .send()
                    .join();
              })
              .open();
      try (mock) {
        long instance =
            zeebe.startInstance(
                PROCESS,
                Map.of(
                    "synthflowApiRoot",
                    "http://127.0.0.1:1/v2",
                    "workspace",
                    workspace("+1 415 555 0101", "+1 415 555 0102", "+1 415 555 0103")));

        assertThat(zeebe.records().awaitCompleted(instance))
            .containsEntry(
                "offboardingSummary",
                Map.of("deleted", 2, "alreadyGone", 1, "handledByOperator", 0));
      }
    }
  }
}
