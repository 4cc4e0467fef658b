package io.github.synthflowconnector.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's one-command example: the BPMN's task, end to end, on the stand-in. */
class LocalRunnerTest {

  static final Path PROJECT = Path.of("");

  record Run(int status, String output) {}

  static Run run(Map<String, String> env, String stdin, String... args) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      status =
          new LocalRunner(PROJECT, env, new BufferedReader(new StringReader(stdin)), out).run(args);
    }
    return new Run(status, buffer.toString(StandardCharsets.UTF_8));
  }

  /** The output section of one number, from its title to the next blank line. */
  static String section(String output, String title) {
    int start = output.indexOf(title);
    assertThat(start).as("section " + title).isNotNegative();
    int end = output.indexOf("\n\n", start);
    return output.substring(start, end < 0 ? output.length() : end);
  }

  @Nested
  class OnTheStandIn {

    static Run sampleRun;

    @BeforeAll
    static void runSampleCases() throws IOException {
      sampleRun = run(Map.of(), "");
    }

    @Test
    void shouldSayThatOnlyRegionAndBaseUrlDiffer_whenTargetingTheStandIn() {
      assertThat(sampleRun.status()).isZero();
      assertThat(sampleRun.output())
          .contains("The task's region 'eu' is replaced by region 'custom' and baseUrl");
    }

    @Test
    void shouldPutStatusIntoProcessVariable_whenNumberDeleted() {
      String section = section(sampleRun.output(), "Number 1 of 4: Front desk");

      assertThat(section)
          .contains("DELETE /v2/numbers/442079460101 -> 200 {\"status\":\"ok\"}")
          .contains("job           completed")
          .contains("numberResult = {\"status\":\"ok\",\"deleted\":true");
      assertThat(sampleRun.output())
          .contains(
              "offboardingSummary = {\"deleted\":2,\"alreadyGone\":1,\"handledByOperator\":1}");
    }

    @Test
    void shouldSucceedWithNotFound_whenNumberAlreadyDeleted() {
      String section = section(sampleRun.output(), "Number 3 of 4: Old campaign line");

      assertThat(section)
          .contains("-> 400 {\"status\":\"error\",\"detail\":\"Phone number does not exist\"}")
          .contains("job           completed")
          .contains("numberResult = {\"status\":\"not_found\",\"deleted\":false");
    }

    @Test
    void shouldRetryAfterTheBackoffThenWaitOutTheRateLimit_whenBusyThenRateLimited() {
      String section = section(sampleRun.output(), "Number 2 of 4: After-hours line");

      assertThat(section)
          .containsSubsequence(
              "-> 503",
              "error.code SERVER_ERROR, retries 3 -> 2, retry backoff PT10S",
              "-> 429",
              "waits for the Retry-After",
              "-> 200 {\"status\":\"ok\"}",
              "job           completed")
          .doesNotContain("RATE_LIMITED");
    }

    @Test
    void shouldEndInOperatorTask_whenNumberIsNoPhoneNumber() {
      String section = section(sampleRun.output(), "Number 4 of 4: Imported from the CRM");

      assertThat(section)
          .contains("BPMN error SYNTHFLOW_NUMBER_REJECTED")
          .contains("\"errorCode\":\"INVALID_INPUT\"")
          .contains("caught by \"Number rejected\", next: \"Release the number by hand\"")
          .contains("HTTP          none: the connector stopped before calling Synthflow");
    }

    @Test
    void shouldRaiseIncidentWithoutRetries_whenKeyRevoked() {
      String instance2 = sampleRun.output().substring(sampleRun.output().indexOf("instance 2"));

      assertThat(instance2)
          .contains("-> 401")
          .contains("error.code UNAUTHORIZED, retries 3 -> 0: INCIDENT, no retries");
    }

    @Test
    void shouldEndAsTheReadmeShows_whenRunOnTheStandIn() throws IOException {
      List<String> expected = ReadmeExample.expected(PROJECT);

      assertThat(sampleRun.status()).isZero();
      assertThat(expected).as("outcome lines in the README's example").hasSizeGreaterThan(20);
      assertThat(ReadmeExample.outcomes(sampleRun.output())).isEqualTo(expected);
    }

    @Test
    void shouldExitWithFour_whenAnOutcomeDiffersFromTheReadme(@TempDir Path copy)
        throws IOException {
      String readme = Files.readString(PROJECT.resolve(ReadmeExample.README));
      String summary = "offboardingSummary = {\"deleted\":2,";
      assertThat(readme).contains(summary);
      Files.writeString(
          copy.resolve("README.md"),
          readme.replace(summary, "offboardingSummary = {\"deleted\":3,"));
      for (Path file :
          List.of(LocalRunner.BPMN, LocalRunner.VARIABLES, EngineOffboardingRun.FORM)) {
        Files.createDirectories(copy.resolve(file).getParent());
        Files.copy(PROJECT.resolve(file), copy.resolve(file));
      }
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      int status;
      try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
        status =
            new LocalRunner(copy, Map.of(), new BufferedReader(new StringReader("")), out).run();
      }

      assertThat(status).isEqualTo(4);
      assertThat(buffer.toString(StandardCharsets.UTF_8))
          .contains("did not end as the README's example output shows")
          .contains(
              "README shows: Script task \"Summarise released numbers\": offboardingSummary = {\"deleted\":3,");
    }

    @Test
    void shouldNeverPrintTheKeys_whenRunning() {
      assertThat(sampleRun.output())
          .doesNotContain(LocalRunner.STAND_IN_KEY)
          .doesNotContain(LocalRunner.REVOKED_KEY);
    }
  }

  @Nested
  class AgainstTheRealApi {

    static final Map<String, String> ENV = Map.of("SYNTHFLOW_API_KEY", "sf_fake_real_9c4e11aa");

    @Test
    void shouldAskAndSendNothing_whenDeletionNotConfirmed() throws IOException {
      Run run = run(ENV, "no\n", "--real-api", "--phone-number", "+1 415 555 0123");

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.output())
          .contains("REAL Synthflow API")
          .contains("This deletes phone number +1 415 555 0123")
          .contains("in region eu:")
          .contains("It cannot be undone.")
          .contains("Type 'delete' to go on")
          .contains("Aborted: nothing was sent to Synthflow.")
          .doesNotContain("job           ")
          .doesNotContain("sf_fake_real_9c4e11aa");
    }

    @Test
    void shouldAbort_whenInputEndsAtThePrompt() throws IOException {
      Run run = run(ENV, "", "--real-api", "--phone-number", "+14155550123");

      assertThat(run.status()).isEqualTo(3);
      assertThat(run.output()).contains("Aborted: nothing was sent to Synthflow.");
    }

    @Test
    void shouldRefuse_whenKeyMissing() throws IOException {
      Run run = run(Map.of(), "delete\n", "--real-api", "--phone-number", "+14155550123");

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.output()).contains("needs the environment variable SYNTHFLOW_API_KEY");
    }

    @Test
    void shouldRefuse_whenNoNumberGiven() throws IOException {
      Run run = run(ENV, "delete\n", "--real-api");

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.output()).contains("needs --phone-number");
    }

    @Test
    void shouldRefuse_whenNumberGivenWithoutRealApi() throws IOException {
      Run run = run(ENV, "", "--phone-number", "+14155550123");

      assertThat(run.status()).isEqualTo(2);
      assertThat(run.output()).contains("only go with --real-api").contains("Usage:");
    }
  }

  @Nested
  class ExampleProcess {

    @Test
    void shouldUseEveryInputOfTheTemplate_whenTaskIsTemplated() throws IOException {
      BpmnTask task = BpmnReader.templatedTask(LocalRunner.BPMN, LocalRunner.TEMPLATE_ID);
      JsonNode template =
          new ObjectMapper()
              .readTree(
                  Path.of("element-templates", "synthflow-delete-phone-number.json").toFile());
      Set<String> templateInputs = new LinkedHashSet<>();
      for (JsonNode property : template.get("properties")) {
        if ("zeebe:input".equals(property.path("binding").path("type").asText())
            && !property.has("condition")) {
          templateInputs.add(property.get("binding").get("name").asText());
        }
      }

      assertThat(task.templateVersion()).isEqualTo(template.get("version").asText());
      assertThat(task.inputs()).extracting(BpmnTask.Mapping::target).containsAll(templateInputs);
      assertThat(task.headers()).containsEntry("elementTemplateId", LocalRunner.TEMPLATE_ID);
      assertThat(task.scope()).isPresent();
      assertThat(task.boundaryFor("SYNTHFLOW_NUMBER_REJECTED")).isPresent();
    }
  }
}
