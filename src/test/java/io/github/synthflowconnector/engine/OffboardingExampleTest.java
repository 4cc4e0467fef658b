package io.github.synthflowconnector.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
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
 * {@code examples/offboarding.bpmn} itself on the embedded engine, with its form: the
 * multi-instance over the sample numbers, the connector's results collected per number, and the
 * rejected number's BPMN error caught by the boundary event, whose output mapping brings the
 * error's {@code numberResult} into the number's scope. The only change to the BPMN points the task
 * at a loopback stand-in (region {@code custom} and its base URL instead of {@code eu}).
 *
 * <p>The operator's user task is a Camunda user task, which 8.8 completes through the REST API; the
 * embedded engine serves gRPC only, so the test stops with that task waiting.
 */
class OffboardingExampleTest {

  static final String KEY = "sk_live_engine_example_4c2d";
  static final Path BPMN = Path.of("examples", "offboarding.bpmn");
  static final Path FORM = Path.of("examples", "release-number-by-hand.form");
  static final Path VARIABLES = Path.of("src/test/resources/example/offboarding-variables.json");

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  static EmbeddedZeebe zeebe;

  @BeforeAll
  static void startEngine() {
    zeebe = EmbeddedZeebe.start();
    zeebe.openWorker(
        "io.github.synthflowconnector:delete-phone-number:1",
        new SynthflowDeletePhoneNumberFunction(),
        Map.of(LocalSynthflow.SECRET_NAME, KEY));
  }

  @AfterAll
  static void stopEngine() {
    zeebe.close();
  }

  /** The example as committed, with the region input replaced by the stand-in's base URL. */
  static String pointedAtStandIn() throws IOException {
    String xml = Files.readString(BPMN);
    String region = "<zeebe:input source=\"eu\" target=\"region\" />";
    assertThat(xml).contains(region);
    return xml.replace(
        region,
        "<zeebe:input source=\"custom\" target=\"region\" /><zeebe:input source=\""
            + synthflow.baseUrl()
            + "/v2\" target=\"baseUrl\" />");
  }

  @Nested
  class TheExampleProcess {
    @Test
    @SuppressWarnings("unchecked")
    void shouldCollectEveryNumbersResult_whenRunOnZeebe() throws IOException {
      synthflow.stubFor(
          delete("/v2/numbers/442079460101")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
      synthflow.stubFor(
          delete("/v2/numbers/442079460102")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
      synthflow.stubFor(
          delete("/v2/numbers/442079460103")
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withBody(
                          "{\"status\":\"error\",\"detail\":\"Phone number does not exist\"}")));
      zeebe
          .client()
          .newDeployResourceCommand()
          .addResourceFile(FORM.toString())
          .addResourceStringUtf8(pointedAtStandIn(), "offboarding.bpmn")
          .send()
          .join();

      long instance =
          zeebe.startInstance(
              "customer-workspace-offboarding",
              new ObjectMapper().readValue(VARIABLES.toFile(), Map.class));
      ProcessRecords records = zeebe.records();
      records.awaitState(
          instance, "ReleaseNumberByHand", ProcessInstanceIntent.ELEMENT_ACTIVATED, 1);

      List<Long> numbers =
          records.elements(instance).stream()
              .filter(r -> r.getValue().getBpmnElementType() == BpmnElementType.SUB_PROCESS)
              .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
              .map(Record::getKey)
              .toList();
      assertThat(numbers).hasSize(4);
      assertThat(records.variablesOfScope(instance, numbers.get(0)).get("numberResult"))
          .isEqualTo(result("ok", true, "442079460101"));
      assertThat(records.variablesOfScope(instance, numbers.get(1)).get("numberResult"))
          .isEqualTo(result("ok", true, "442079460102"));
      assertThat(records.variablesOfScope(instance, numbers.get(2)).get("numberResult"))
          .isEqualTo(result("not_found", false, "442079460103"));
      assertThat(
              (Map<String, Object>)
                  records.variablesOfScope(instance, numbers.get(3)).get("numberResult"))
          .containsEntry("status", "rejected")
          .containsEntry("deleted", false)
          .containsEntry("errorCode", "INVALID_INPUT");
      assertThat(records.count(instance, "NumberRejected", ProcessInstanceIntent.ELEMENT_COMPLETED))
          .isEqualTo(1);
      assertThat(records.incidents(instance)).isEmpty();
      zeebe.cancel(instance);
    }
  }

  static Map<String, Object> result(String status, boolean deleted, String slug) {
    return Map.of(
        "status", status, "deleted", deleted, "phoneNumberSlug", slug, "region", "custom");
  }
}
