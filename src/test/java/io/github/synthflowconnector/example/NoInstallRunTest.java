package io.github.synthflowconnector.example;

import static io.github.synthflowconnector.example.LocalRunnerTest.PROJECT;
import static io.github.synthflowconnector.example.LocalRunnerTest.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exec:java -Dexec.args=--no-install}: the same offboarding with the no-install template
 * ({@code examples/offboarding-no-install.bpmn}) on the embedded Zeebe engine, its task run by
 * Camunda's REST connector.
 */
class NoInstallRunTest {

  @Nested
  class OnTheStandIn {

    static LocalRunnerTest.Run run;

    @BeforeAll
    static void runSampleCases() throws IOException {
      run = LocalRunnerTest.run(Map.of(), "", "--no-install");
    }

    @Test
    void shouldComputeTheRegionsUrl_whenTaskRuns() {
      assertThat(run.status()).isZero();
      assertThat(section(run.output(), "Number 1 of 4: Front desk"))
          .contains("\"url\":\"https://api.eu.synthflow.ai/v2/numbers/442079460101\"")
          .contains("DELETE /v2/numbers/442079460101 -> 200 {\"status\":\"ok\"}");
      assertThat(run.output())
          .contains(
              "{\"status\":\"ok\",\"deleted\":true,\"phoneNumberSlug\":"
                  + "\"442079460101\",\"region\":\"eu\"}");
    }

    @Test
    void shouldEndAsTheReadmeShows_whenRunOnTheStandIn() throws IOException {
      List<String> expected = ReadmeExample.expected(PROJECT, true);

      assertThat(expected)
          .as("outcome lines in the README's no-install output")
          .hasSizeGreaterThan(20);
      assertThat(ReadmeExample.outcomes(run.output())).isEqualTo(expected);
    }

    @Test
    void shouldExitWithFour_whenAnOutcomeDiffersFromTheReadme(@TempDir Path copy)
        throws IOException {
      String readme = Files.readString(PROJECT.resolve(ReadmeExample.README));
      String noInstallBlock = readme.substring(readme.indexOf("Output of `--no-install`"));
      String retry = "error.code RATE_LIMITED, retries 3 -> 2, retry backoff PT5S";
      assertThat(noInstallBlock).contains(retry);
      Files.writeString(
          copy.resolve("README.md"),
          readme.substring(0, readme.length() - noInstallBlock.length())
              + noInstallBlock.replace(
                  retry, "error.code RATE_LIMITED, retries 3 -> 2, retry backoff PT6S"));
      for (Path file :
          List.of(LocalRunner.NO_INSTALL_BPMN, LocalRunner.VARIABLES, EngineOffboardingRun.FORM)) {
        Files.createDirectories(copy.resolve(file).getParent());
        Files.copy(PROJECT.resolve(file), copy.resolve(file));
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      int status;
      try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
        status =
            new LocalRunner(copy, Map.of(), new BufferedReader(new StringReader("")), out)
                .run("--no-install");
      }

      assertThat(status).isEqualTo(4);
      assertThat(buffer.toString(StandardCharsets.UTF_8))
          .contains("did not end as the README's example output shows")
          .contains(
              "README shows: job failed, error.code RATE_LIMITED, retries 3 -> 2, retry backoff PT6S");
    }

    @Test
    void shouldRepeatThenRetryThroughZeebe_whenRateLimited() {
      String section = section(run.output(), "Number 2 of 4: After-hours line");

      assertThat(section.split("-> 429", -1)).hasSize(3);
      assertThat(section)
          .contains("error.code RATE_LIMITED, retries 3 -> 2, retry backoff PT5S")
          .contains("-> 200 {\"status\":\"ok\"}");
    }

    @Test
    void shouldThrowNotFoundForTheBoundaryEvent_whenNumberAlreadyDeleted() {
      assertThat(section(run.output(), "Number 3 of 4: Old campaign line"))
          .contains("BPMN error SYNTHFLOW_NUMBER_NOT_FOUND")
          .contains("caught by \"Number already gone\"");
      assertThat(run.output())
          .contains(
              "offboardingSummary = {\"deleted\":2,\"alreadyGone\":1,\"handledByOperator\":1}");
    }

    @Test
    void shouldSendNothingAndThrowRejected_whenNumberIsNoPhoneNumber() {
      assertThat(section(run.output(), "Number 4 of 4: Imported from the CRM"))
          .contains("HTTP          none: the connector stopped before calling Synthflow")
          .contains("BPMN error SYNTHFLOW_NUMBER_REJECTED")
          .contains("caught by \"Number rejected\", next: \"Release the number by hand\"");
    }

    @Test
    void shouldRaiseIncidentWithoutRetries_whenKeyRevoked() {
      assertThat(run.output().substring(run.output().indexOf("instance 2")))
          .contains("-> 401")
          .contains("error.code UNAUTHORIZED, retries 3 -> 0: INCIDENT, no retries");
    }

    @Test
    void shouldNeverPrintTheKeys_whenRunning() {
      assertThat(run.output())
          .doesNotContain(LocalRunner.STAND_IN_KEY)
          .doesNotContain(LocalRunner.REVOKED_KEY);
    }
  }

  @Nested
  class ExampleProcess {

    /** The diagram holds exactly what the Modeler writes for its fields with today's template. */
    @Test
    void shouldMatchTheTemplate_whenTaskIsTemplated() throws IOException {
      BpmnTask task =
          BpmnReader.templatedTask(LocalRunner.NO_INSTALL_BPMN, LocalRunner.NO_INSTALL_TEMPLATE_ID);
      Map<String, String> fields = new LinkedHashMap<>();
      task.inputs().forEach(m -> fields.put(m.target(), m.source()));
      fields.put("ifNotFound", "succeed");
      fields.put("onRejected", "bpmnError");
      fields.put("resultVariable", task.outputs().get(0).target());
      NoInstallTask.Applied applied = NoInstallTask.apply(fields);

      assertThat(task.templateVersion())
          .isEqualTo(NoInstallTask.template().get("version").asText());
      assertThat(task.type()).isEqualTo(applied.type());
      assertThat(task.inputs()).isEqualTo(applied.inputs());
      assertThat(task.outputs()).isEqualTo(applied.outputs());
      assertThat(task.headers()).isEqualTo(applied.headers());
      assertThat(task.headers().get("errorExpression"))
          .contains("SYNTHFLOW_NUMBER_NOT_FOUND")
          .contains("SYNTHFLOW_NUMBER_REJECTED");
      for (String code : List.of("SYNTHFLOW_NUMBER_NOT_FOUND", "SYNTHFLOW_NUMBER_REJECTED")) {
        assertThat(task.boundaryFor(code)).as(code).isPresent();
      }
    }
  }
}
