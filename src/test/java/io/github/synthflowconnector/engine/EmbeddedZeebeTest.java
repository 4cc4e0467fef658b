package io.github.synthflowconnector.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.github.synthflowconnector.LocalSynthflow;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import io.github.synthflowconnector.engine.WorkerSettings.Threads;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture itself: a one-task process on the embedded engine, run by the real job handler. */
class EmbeddedZeebeTest {

  static final String KEY = "sk_live_engine_fixture_51c0";
  static final String JOB_TYPE = "io.github.synthflowconnector:delete-phone-number:1";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  static EmbeddedZeebe zeebe;

  @BeforeAll
  static void startEngine() {
    zeebe = EmbeddedZeebe.start();
  }

  @AfterAll
  static void stopEngine() {
    zeebe.close();
  }

  /** One service task, inputs as the element template maps them, pointed at the stand-in. */
  static String oneTaskProcess(String processId, String jobType) {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .serviceTask(
                "DeleteNumber",
                task ->
                    task.zeebeJobType(jobType)
                        .zeebeJobRetries("3")
                        .zeebeInput("{{secrets.SYNTHFLOW_API_KEY}}", "authentication.apiKey")
                        .zeebeInput("custom", "region")
                        .zeebeInput("=apiRoot", "baseUrl")
                        .zeebeInput("=number", "phoneNumber")
                        .zeebeInput("10", "connectionTimeoutInSeconds")
                        .zeebeInput("20", "readTimeoutInSeconds")
                        .zeebeTaskHeader("resultVariable", "synthflowResult"))
            .endEvent()
            .done());
  }

  static OutboundConnectorFunction connector() {
    return new SynthflowDeletePhoneNumberFunction();
  }

  @Nested
  class ConnectorOnTheEngine {

    @Test
    void shouldCompleteProcessWithResultVariable_whenConnectorSucceeds() {
      synthflow.stubFor(
          delete("/v2/numbers/14155550123")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
      zeebe.deploy(oneTaskProcess("fixture-platform", JOB_TYPE), "fixture-platform.bpmn");
      try (ConnectorWorker worker =
          zeebe.openWorker(JOB_TYPE, connector(), Map.of(LocalSynthflow.SECRET_NAME, KEY))) {

        long instance =
            zeebe.startInstance(
                "fixture-platform",
                Map.of("apiRoot", synthflow.baseUrl() + "/v2", "number", "+1 415 555 0123"));
        Map<String, Object> variables = zeebe.records().awaitCompleted(instance);

        assertThat(variables)
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
        assertThat(zeebe.records().jobs(instance, JobIntent.COMPLETED)).hasSize(1);
        assertThat(worker.jobsHandled()).isEqualTo(1);
      }
      synthflow.verify(
          deleteRequestedFor(urlEqualTo("/v2/numbers/14155550123"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void shouldRunJobsOnVirtualThreads_whenWorkerSettingsAskForThem() {
      String jobType = "fixture-virtual";
      zeebe.deploy(oneTaskProcess("fixture-virtual", jobType), "fixture-virtual.bpmn");
      Map<String, Object> seen = new java.util.concurrent.ConcurrentHashMap<>();
      OutboundConnectorFunction recordThread =
          context -> {
            seen.put("virtual", Thread.currentThread().isVirtual());
            return Map.of("ran", true);
          };
      try (ConnectorWorker worker =
          zeebe.openWorker(
              jobType,
              recordThread,
              Map.of(),
              WorkerSettings.defaults().withThreads(Threads.VIRTUAL, 4).withMaxJobsActive(2))) {

        long instance =
            zeebe.startInstance("fixture-virtual", Map.of("apiRoot", "unused", "number", "0"));

        assertThat(zeebe.records().awaitCompleted(instance))
            .containsEntry("synthflowResult", Map.of("ran", true));
        assertThat(seen).containsEntry("virtual", true);
        assertThat(worker.jobsHandled()).isEqualTo(1);
      }
    }
  }
}
