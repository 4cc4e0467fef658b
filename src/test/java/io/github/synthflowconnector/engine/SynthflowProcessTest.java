package io.github.synthflowconnector.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.builder.ServiceTaskBuilder;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.ErrorType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.github.synthflowconnector.LocalSynthflow;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's process-level promises, shown on a real Zeebe engine: the connector runs in the real
 * job handler as the engine's job worker, and each test asserts what the process sees (element
 * states, incidents, job retries and backoff, variables) from the engine's records.
 */
class SynthflowProcessTest {

  static final String KEY = "sk_live_engine_process_93be1f";
  static final String JOB_TYPE = "io.github.synthflowconnector:delete-phone-number:1";
  static final String TASK = "DeleteSynthflowNumber";
  static final String CAUGHT = "Caught";
  static final String SLUG = "14155550123";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  static EmbeddedZeebe zeebe;
  static final AtomicInteger PROCESSES = new AtomicInteger();

  @BeforeAll
  static void startEngine() {
    zeebe = EmbeddedZeebe.start();
    zeebe.openWorker(
        JOB_TYPE,
        new SynthflowDeletePhoneNumberFunction(),
        Map.of(LocalSynthflow.SECRET_NAME, KEY));
  }

  @AfterAll
  static void stopEngine() {
    zeebe.close();
  }

  /** How a test's task is configured: the template's fields as the Modeler writes them. */
  record Task(
      int retries,
      String ifNotFound,
      Map<String, String> headers,
      String caughtCode,
      List<String> caughtVariables) {
    static Task defaults() {
      return new Task(3, "fail", Map.of("resultVariable", "synthflowResult"), null, List.of());
    }

    Task retries(int value) {
      return new Task(value, ifNotFound, headers, caughtCode, caughtVariables);
    }

    Task ifNotFound(String value) {
      return new Task(retries, value, headers, caughtCode, caughtVariables);
    }

    Task header(String key, String value) {
      Map<String, String> all = new HashMap<>(headers);
      all.put(key, value);
      return new Task(retries, ifNotFound, Map.copyOf(all), caughtCode, caughtVariables);
    }

    /**
     * An error boundary event on the task for this code, leading to the end event "Caught", with an
     * output mapping for each named error variable (without one, Zeebe keeps the error's variables
     * on the catch event and the process never sees them).
     */
    Task catching(String code, String... variables) {
      return new Task(retries, ifNotFound, headers, code, List.of(variables));
    }
  }

  /** Deploys a process with the task and starts an instance for the phone number. */
  static long start(Task task, String phoneNumber) {
    String id = "synthflow-process-" + PROCESSES.incrementAndGet();
    var builder =
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask(TASK, service -> configure(service, task));
    String xml =
        Bpmn.convertToString(
            task.caughtCode() == null
                ? builder.endEvent("Done").done()
                : builder
                    .boundaryEvent(
                        "NumberCaught",
                        b -> {
                          b.error(task.caughtCode());
                          task.caughtVariables().forEach(v -> b.zeebeOutputExpression(v, v));
                        })
                    .endEvent(CAUGHT)
                    .moveToActivity(TASK)
                    .endEvent("Done")
                    .done());
    zeebe.deploy(xml, id + ".bpmn");
    return zeebe.startInstance(
        id,
        Map.of("apiRoot", synthflow.baseUrl() + "/v2", "employee", Map.of("phone", phoneNumber)));
  }

  static void configure(ServiceTaskBuilder service, Task task) {
    service
        .zeebeJobType(JOB_TYPE)
        .zeebeJobRetries(String.valueOf(task.retries()))
        .zeebeInput("{{secrets.SYNTHFLOW_API_KEY}}", "authentication.apiKey")
        .zeebeInput("custom", "region")
        .zeebeInput("=apiRoot", "baseUrl")
        .zeebeInput("=employee.phone", "phoneNumber")
        .zeebeInput(task.ifNotFound(), "ifNotFound")
        .zeebeInput("10", "connectionTimeoutInSeconds")
        .zeebeInput("20", "readTimeoutInSeconds");
    task.headers().forEach(service::zeebeTaskHeader);
  }

  static void answer(ResponseDefinitionBuilder response) {
    synthflow.stubFor(delete(urlPathMatching("/v2/numbers/.*")).willReturn(response));
  }

  static void answer(int status, String body) {
    answer(aResponse().withStatus(status).withBody(body));
  }

  static Map<String, Object> synthflowResult(String status, boolean deleted) {
    return Map.of(
        "status", status, "deleted", deleted, "phoneNumberSlug", SLUG, "region", "custom");
  }

  @Nested
  class Results {
    @Test
    void shouldWriteTheResultVariable_whenNumberDeleted() {
      answer(200, "{\"status\":\"ok\"}");

      long instance = start(Task.defaults(), "+1 415 555 0123");

      assertThat(zeebe.records().awaitCompleted(instance))
          .containsEntry("synthflowResult", synthflowResult("ok", true));
    }

    @Test
    void shouldWriteWhatTheResultExpressionPicks_whenResultExpressionSet() {
      answer(200, "{\"status\":\"ok\"}");
      Task task =
          new Task(
              3, "fail", Map.of("resultExpression", "={numberDeleted: deleted}"), null, List.of());

      long instance = start(task, "+1 415 555 0123");

      assertThat(zeebe.records().awaitCompleted(instance))
          .containsEntry("numberDeleted", true)
          .doesNotContainKey("synthflowResult");
    }

    @Test
    void shouldCompleteTheTaskAsAlreadyGone_whenNumberMissingAndIfNotFoundSucceed() {
      answer(400, "{\"status\":\"error\",\"detail\":\"Phone number does not exist\"}");

      long instance = start(Task.defaults().ifNotFound("succeed"), "+1 415 555 0123");

      assertThat(zeebe.records().awaitCompleted(instance))
          .containsEntry("synthflowResult", synthflowResult("not_found", false));
      assertThat(zeebe.records().incidents(instance)).isEmpty();
    }
  }

  @Nested
  class Incidents {
    static Stream<Arguments> finalFailures() {
      return Stream.of(
          Arguments.of(
              aResponse().withStatus(401).withBody("{\"detail\":\"Invalid API key\"}"),
              "+1 415 555 0123",
              "UNAUTHORIZED",
              "Synthflow rejected the API key (HTTP 401)"),
          Arguments.of(
              aResponse().withStatus(403).withBody("{\"detail\":\"Forbidden\"}"),
              "+1 415 555 0123",
              "FORBIDDEN",
              "HTTP 403"),
          Arguments.of(
              aResponse().withStatus(404).withBody("{\"detail\":\"Phone number not found\"}"),
              "+1 415 555 0123",
              "NOT_FOUND",
              "HTTP 404"),
          Arguments.of(
              aResponse().withStatus(400).withBody("{\"detail\":\"Workspace not found\"}"),
              "+1 415 555 0123",
              "BAD_REQUEST",
              "Workspace not found"),
          Arguments.of(
              aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:1/x"),
              "+1 415 555 0123",
              "UNEXPECTED_RESPONSE",
              "redirect"),
          Arguments.of(aResponse().withStatus(200), "n/a", "INVALID_INPUT", "phoneNumber"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("finalFailures")
    void shouldRaiseAnIncidentWithNoRetries_whenFailureIsFinal(
        ResponseDefinitionBuilder response, String phoneNumber, String code, String message) {
      answer(response);

      long instance = start(Task.defaults(), phoneNumber);
      IncidentRecordValue incident = zeebe.records().awaitIncident(instance);
      JobOutcome outcome = zeebe.records().awaitJobOutcome(instance);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.retries()).as("retries").isZero();
      assertThat(outcome.errorMessage()).contains(message);
      assertThat(incident.getErrorType()).isEqualTo(ErrorType.JOB_NO_RETRIES);
      assertThat(incident.getElementId()).isEqualTo(TASK);
      assertThat(incident.getErrorMessage()).contains(message).doesNotContain(KEY);
      assertThat(zeebe.records().jobs(instance, JobIntent.FAILED)).hasSize(1);
      zeebe.cancel(instance);
    }
  }

  @Nested
  class Retries {
    static Stream<Arguments> retryableFailures() {
      return Stream.of(
          Arguments.of(
              aResponse().withStatus(429).withHeader("Retry-After", "7"),
              "RATE_LIMITED",
              "HTTP 429",
              Duration.ofSeconds(7)),
          Arguments.of(
              aResponse().withStatus(503).withBody("{\"detail\":\"Unavailable\"}"),
              "SERVER_ERROR",
              "HTTP 503",
              Duration.ofSeconds(5)),
          Arguments.of(
              aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
              "CONNECTION_FAILED",
              "connection",
              Duration.ofSeconds(5)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("retryableFailures")
    void shouldFailWithOneRetryFewerAndTheBackoff_whenFailureCanHeal(
        ResponseDefinitionBuilder response, String code, String message, Duration backoff) {
      answer(response);

      long instance = start(Task.defaults(), "+1 415 555 0123");
      JobOutcome outcome = zeebe.records().awaitJobOutcome(instance);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.errorMessage()).contains(message);
      assertThat(outcome.retries()).as("retries").isEqualTo(2);
      assertThat(outcome.retryBackoff()).as("backoff").isEqualTo(backoff);
      assertThat(zeebe.records().incidents(instance)).isEmpty();
      zeebe.cancel(instance);
    }

    /**
     * The one test that waits for Zeebe: the connector's 5 s floor on every backoff. A server
     * error, since a 429 this short is waited out within the call (README, Rate limits).
     */
    @Test
    void shouldRunTheJobAgainAfterTheBackoff_whenServerErrorOnce() {
      synthflow.stubFor(
          delete(urlPathMatching("/v2/numbers/.*"))
              .inScenario("busy once")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1"))
              .willSetStateTo("calm"));
      synthflow.stubFor(
          delete(urlPathMatching("/v2/numbers/.*"))
              .inScenario("busy once")
              .whenScenarioStateIs("calm")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));

      long instance = start(Task.defaults(), "+1 415 555 0123");
      Map<String, Object> variables = zeebe.records().awaitCompleted(instance);

      List<Record<JobRecordValue>> failed = zeebe.records().jobs(instance, JobIntent.FAILED);
      List<Record<JobRecordValue>> completed = zeebe.records().jobs(instance, JobIntent.COMPLETED);
      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).getValue().getRetries()).isEqualTo(2);
      assertThat(failed.get(0).getValue().getRetryBackoff()).isEqualTo(5_000L);
      assertThat(completed).hasSize(1);
      assertThat(completed.get(0).getValue().getRetries()).as("the retry's retries").isEqualTo(2);
      assertThat(completed.get(0).getTimestamp() - failed.get(0).getTimestamp())
          .as("ms between the failure and the retry's completion")
          .isGreaterThanOrEqualTo(5_000L);
      assertThat(variables).containsEntry("synthflowResult", synthflowResult("ok", true));
    }

    @Test
    void shouldRaiseTheIncident_whenTheLastRetryFails() {
      answer(503, "{\"detail\":\"Unavailable\"}");

      long instance = start(Task.defaults().retries(1), "+1 415 555 0123");
      IncidentRecordValue incident = zeebe.records().awaitIncident(instance);

      assertThat(incident.getErrorType()).isEqualTo(ErrorType.JOB_NO_RETRIES);
      assertThat(zeebe.records().awaitJobOutcome(instance).retries()).isZero();
      zeebe.cancel(instance);
    }
  }

  /** Every FEEL example of the README's "Error codes" section, read from the README as written. */
  @Nested
  class ReadmeErrorExpressions {
    static final Pattern FEEL_BLOCK = Pattern.compile("```feel\\n(.*?)```", Pattern.DOTALL);

    static List<String> readmeExamples() throws IOException {
      Matcher blocks = FEEL_BLOCK.matcher(Files.readString(Path.of("README.md")));
      List<String> examples = new java.util.ArrayList<>();
      while (blocks.find()) {
        examples.add("=" + blocks.group(1).strip());
      }
      assertThat(examples).as("FEEL examples in the README").hasSize(3);
      return examples;
    }

    static String example(String bpmnErrorCode) throws IOException {
      return readmeExamples().stream()
          .filter(e -> e.contains("\"" + bpmnErrorCode + "\""))
          .findFirst()
          .orElseThrow();
    }

    @Test
    void shouldCatchAlreadyGone_whenReadmeNotFoundExampleIsTheErrorExpression() throws IOException {
      answer(404, "{\"detail\":\"Phone number not found\"}");
      Task task =
          Task.defaults()
              .header("errorExpression", example("SYNTHFLOW_NUMBER_NOT_FOUND"))
              .catching("SYNTHFLOW_NUMBER_NOT_FOUND", "slug");

      long instance = start(task, "+1 415 555 0123");
      Map<String, Object> variables = zeebe.records().awaitCompleted(instance);

      assertThat(zeebe.records().count(instance, CAUGHT, ProcessInstanceIntent.ELEMENT_COMPLETED))
          .isEqualTo(1);
      assertThat(variables).containsEntry("slug", SLUG);
      assertThat(zeebe.records().incidents(instance)).isEmpty();
    }

    /** What the imitation got wrong: a BPMN error's variables do not reach the process alone. */
    @Test
    void shouldKeepTheErrorsVariablesOnTheCatchEvent_whenBoundaryEventHasNoOutputMapping()
        throws IOException {
      answer(404, "{\"detail\":\"Phone number not found\"}");
      Task task =
          Task.defaults()
              .header("errorExpression", example("SYNTHFLOW_NUMBER_NOT_FOUND"))
              .catching("SYNTHFLOW_NUMBER_NOT_FOUND");

      long instance = start(task, "+1 415 555 0123");
      Map<String, Object> variables = zeebe.records().awaitCompleted(instance);

      assertThat(zeebe.records().count(instance, CAUGHT, ProcessInstanceIntent.ELEMENT_COMPLETED))
          .isEqualTo(1);
      assertThat(variables).doesNotContainKey("slug");
      assertThat(zeebe.records().jobs(instance, JobIntent.ERROR_THROWN).get(0).getValue())
          .extracting(JobRecordValue::getVariables)
          .isEqualTo(Map.of("slug", SLUG));
    }

    @Test
    void shouldCatchAccessProblems_whenReadmeAccessExampleIsTheErrorExpression()
        throws IOException {
      answer(401, "{\"detail\":\"Invalid API key\"}");
      Task task =
          Task.defaults()
              .header("errorExpression", example("SYNTHFLOW_ACCESS"))
              .catching("SYNTHFLOW_ACCESS", "synthflowError");

      long instance = start(task, "+1 415 555 0123");
      Map<String, Object> variables = zeebe.records().awaitCompleted(instance);

      assertThat(zeebe.records().count(instance, CAUGHT, ProcessInstanceIntent.ELEMENT_COMPLETED))
          .isEqualTo(1);
      assertThat(variables.get("synthflowError"))
          .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
          .containsEntry("httpStatus", 401)
          .containsEntry("phoneNumberSlug", SLUG)
          .containsEntry("region", "custom");
      assertThat(String.valueOf(variables)).doesNotContain(KEY);
    }

    @Test
    void shouldGiveUpOnlyOnTheLastRetry_whenReadmeBusyExampleIsTheErrorExpression()
        throws IOException {
      answer(aResponse().withStatus(429).withHeader("Retry-After", "1"));
      Task task = Task.defaults().header("errorExpression", example("SYNTHFLOW_BUSY"));

      long withRetriesLeft = start(task.retries(3).catching("SYNTHFLOW_BUSY"), "+1 415 555 0123");
      JobOutcome first = zeebe.records().awaitJobOutcome(withRetriesLeft);
      long lastRetry = start(task.retries(1).catching("SYNTHFLOW_BUSY"), "+1 415 555 0123");
      zeebe.records().awaitCompleted(lastRetry);

      assertThat(first.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(first.retries()).isEqualTo(2);
      assertThat(zeebe.records().count(lastRetry, CAUGHT, ProcessInstanceIntent.ELEMENT_COMPLETED))
          .isEqualTo(1);
      assertThat(zeebe.records().jobs(lastRetry, JobIntent.ERROR_THROWN).get(0).getValue())
          .extracting(JobRecordValue::getErrorCode)
          .isEqualTo("SYNTHFLOW_BUSY");
      zeebe.cancel(withRetriesLeft);
    }
  }
}
