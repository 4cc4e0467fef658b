package com.example.offboarding;

import static io.camunda.process.test.api.CamundaAssert.assertThat;
import static io.camunda.process.test.api.assertions.ElementSelectors.byName;
import static io.camunda.process.test.api.assertions.UserTaskSelectors.byTaskName;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.process.test.api.CamundaProcessTest;
import io.camunda.process.test.api.CamundaProcessTestContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Tests examples/offboarding.bpmn without Synthflow and without the connector: Camunda Process Test
 * replaces the Synthflow task's job worker with a mock.
 *
 * <p>What the mock must produce is what the connector runtime would hand to Zeebe after applying
 * the task's result variable and error expression, not the connector's raw result:
 *
 * <ul>
 *   <li>success: complete the job with the task's <em>Result variable</em> (here {@code
 *       numberResult}) holding the result shape {@code {status, deleted, phoneNumberSlug, region}};
 *   <li>a failure that the task's <em>Error expression</em> turns into a BPMN error: throw that
 *       BPMN error (here {@code SYNTHFLOW_NUMBER_REJECTED}) with the variables the expression sets.
 * </ul>
 *
 * Running it needs a Camunda test runtime: by default CPT starts one with Testcontainers (Docker).
 */
@CamundaProcessTest
class OffboardingProcessTest {

  /** The connector's job type, as the element template sets it (zeebe:taskDefinition). */
  static final String SYNTHFLOW_DELETE_PHONE_NUMBER =
      "io.github.synthflowconnector:delete-phone-number:1";

  static final String PROCESS_ID = "customer-workspace-offboarding";

  // Injected by the CPT extension.
  private CamundaClient client;
  private CamundaProcessTestContext processTestContext;

  @BeforeEach
  void deployTheExampleProcess() {
    client
        .newDeployResourceCommand()
        .addResourceFromClasspath("offboarding.bpmn")
        .addResourceFromClasspath("release-number-by-hand.form")
        .send()
        .join();
  }

  ProcessInstanceEvent offboard(String... phoneNumbers) {
    List<Map<String, Object>> numbers =
        java.util.Arrays.stream(phoneNumbers)
            .map(number -> Map.<String, Object>of("label", "line " + number, "number", number))
            .toList();
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(PROCESS_ID)
        .latestVersion()
        .variables(
            Map.of(
                "workspace",
                Map.of("id", "ws_1", "name", "Example", "region", "eu", "phoneNumbers", numbers)))
        .send()
        .join();
  }

  /** The connector's result, as its job completes (result variable numberResult). */
  static Map<String, Object> numberResult(String status, boolean deleted, String slug) {
    return Map.of(
        "numberResult",
        Map.of("status", status, "deleted", deleted, "phoneNumberSlug", slug, "region", "eu"));
  }

  @Nested
  class WhenSynthflowAnswers {

    @Test
    void shouldCountEveryNumberAsDeleted_whenEachDeletionSucceeds() {
      processTestContext
          .mockJobWorker(SYNTHFLOW_DELETE_PHONE_NUMBER)
          .thenComplete(numberResult("ok", true, "442079460101"));

      ProcessInstanceEvent instance = offboard("+44 20 7946 0101", "+44 20 7946 0102");

      assertThat(instance)
          .isCompleted()
          .hasVariable(
              "offboardingSummary", Map.of("deleted", 2, "alreadyGone", 0, "handledByOperator", 0));
    }

    @Test
    void shouldCountAlreadyGoneNumber_whenTaskSucceedsWithNotFound() {
      // With "If the number does not exist" = Succeed, a number that is already gone completes the
      // job with status not_found and deleted false. The handler sees the job's inputs.
      processTestContext
          .mockJobWorker(SYNTHFLOW_DELETE_PHONE_NUMBER)
          .withHandler(
              (jobClient, job) -> {
                String phoneNumber = (String) job.getVariablesAsMap().get("phoneNumber");
                boolean gone = phoneNumber.endsWith("0103");
                jobClient
                    .newCompleteCommand(job)
                    .variables(
                        numberResult(
                            gone ? "not_found" : "ok", !gone, phoneNumber.replaceAll("\\D", "")))
                    .send()
                    .join();
              });

      ProcessInstanceEvent instance = offboard("+44 20 7946 0101", "+44 20 7946 0103");

      assertThat(instance)
          .isCompleted()
          .hasVariable(
              "offboardingSummary", Map.of("deleted", 1, "alreadyGone", 1, "handledByOperator", 0));
    }
  }

  @Nested
  class WhenSynthflowRejectsTheNumber {

    @Test
    void shouldAskAnOperator_whenErrorExpressionThrowsNumberRejected() {
      // The task's error expression maps FORBIDDEN, BAD_REQUEST and INVALID_INPUT to this BPMN
      // error; the mock throws it directly, with the variables the expression would set.
      processTestContext
          .mockJobWorker(SYNTHFLOW_DELETE_PHONE_NUMBER)
          .thenThrowBpmnError(
              "SYNTHFLOW_NUMBER_REJECTED",
              Map.of(
                  "numberResult",
                  Map.of(
                      "status", "rejected",
                      "deleted", false,
                      "errorCode", "FORBIDDEN",
                      "reason", "Synthflow refused to delete the number (HTTP 403)")));

      ProcessInstanceEvent instance = offboard("+44 20 7946 0101");

      assertThat(instance).hasActiveElements(byName("Release the number by hand"));

      processTestContext.completeUserTask(byTaskName("Release the number by hand"));

      assertThat(instance)
          .isCompleted()
          .hasCompletedElements(byName("Number handled by operator"), byName("Workspace offboarded"));
    }
  }
}
