package io.github.synthflowconnector.example;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.synthflowconnector.PhoneNumberFormats;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The no-install template ({@code element-templates/rest/}) as a cluster runs it: input mappings in
 * FEEL, the job executed by Camunda's REST connector 8.8.7 in the real 8.8.7 job handler, the
 * template's output mapping; against a local server that plays Synthflow. Every case checks the
 * command Zeebe would receive and the requests the server saw.
 */
class NoInstallTemplateTest {

  static final String KEY = "sk_live_rest_template_7c1d93ab0f";
  static final String SLUG = "14155550123";
  static final String PATH = "/v2/numbers/" + SLUG;

  /** The region hosts the template must call, and where the test's "hosts file" sends them. */
  static final Map<String, String> REGION_ROOTS =
      Map.of(
          "us", "https://api.us.synthflow.ai",
          "eu", "https://api.eu.synthflow.ai",
          "global", "https://api.synthflow.ai");

  @RegisterExtension
  static WireMockExtension synthflow =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final NoInstallTask rig = new NoInstallTask();

  // ----------------------------------------------------------------------------------------------
  // Running the task

  /** Runs the task with region eu, the phone number from a process variable, 3 retries. */
  NoInstallTask.Run run(Object phoneNumber, String... fields) {
    return run(phoneNumber, 3, fields);
  }

  NoInstallTask.Run run(Object phoneNumber, int retries, String... fields) {
    Map<String, String> values = new HashMap<>();
    values.put("region", "eu");
    values.put("phoneNumber", "=employee.phone");
    for (int i = 0; i < fields.length; i += 2) {
      values.put(fields[i], fields[i + 1]);
    }
    Map<String, Object> employee = new HashMap<>();
    employee.put("phone", phoneNumber);
    Map<String, Object> scope = new HashMap<>();
    scope.put("employee", employee);
    Map<String, String> reroute = new HashMap<>();
    REGION_ROOTS.values().forEach(root -> reroute.put(root, synthflow.baseUrl()));
    NoInstallTask.Run run =
        rig.run(
            NoInstallTask.apply(values), scope, reroute, Map.of("SYNTHFLOW_API_KEY", KEY), retries);
    assertThat(String.valueOf(run.outcome())).doesNotContain(KEY);
    return run;
  }

  static void answer(ResponseDefinitionBuilder response) {
    synthflow.stubFor(delete(urlPathMatching("/v2/numbers/.*")).willReturn(response));
  }

  static void answer(int status, String contentType, String body) {
    ResponseDefinitionBuilder response = aResponse().withStatus(status);
    if (contentType != null) {
      response.withHeader("Content-Type", contentType);
    }
    if (body != null) {
      response.withBody(body);
    }
    answer(response);
  }

  static void answerJson(int status, String body) {
    answer(status, "application/json", body);
  }

  static String fixture(String name) {
    try (InputStream in =
        NoInstallTemplateTest.class.getResourceAsStream("/synthflow-errors/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<LoggedRequest> requests() {
    return synthflow.findAll(anyRequestedFor(anyUrl()));
  }

  /** The one request the server saw: exactly the DELETE this connector sends. */
  static LoggedRequest theDelete(String path) {
    List<LoggedRequest> requests = requests();
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    assertThat(request.getMethod().getName()).isEqualTo("DELETE");
    assertThat(request.getUrl()).isEqualTo(path);
    assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    assertThat(request.getBodyAsString()).isEmpty();
    return request;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> result(NoInstallTask.Run run) {
    assertThat(run.outcome().kind()).as("%s", run.outcome()).isEqualTo(JobOutcome.Kind.COMPLETED);
    return (Map<String, Object>) run.processVariables().get("synthflowResult");
  }

  /** The error code of a failed job: the template puts it in front of the incident message. */
  static String failedCode(NoInstallTask.Run run) {
    assertThat(run.outcome().kind()).as("%s", run.outcome()).isEqualTo(JobOutcome.Kind.FAILED);
    String message = run.outcome().errorMessage();
    return message.substring(0, message.indexOf(':'));
  }

  static void assertIncident(NoInstallTask.Run run, String code) {
    assertThat(failedCode(run)).isEqualTo(code);
    assertThat(run.outcome().retries()).as("retries").isZero();
  }

  static void assertRetried(NoInstallTask.Run run, String code, Duration backoff) {
    assertThat(failedCode(run)).isEqualTo(code);
    assertThat(run.outcome().retries()).as("retries").isEqualTo(2);
    assertThat(run.outcome().retryBackoff()).isEqualTo(backoff);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> bpmnErrorDetails(NoInstallTask.Run run, String bpmnCode) {
    assertThat(run.outcome().kind()).as("%s", run.outcome()).isEqualTo(JobOutcome.Kind.BPMN_ERROR);
    assertThat(run.outcome().bpmnErrorCode()).isEqualTo(bpmnCode);
    return (Map<String, Object>) run.outcome().variables().get("synthflowError");
  }

  // ----------------------------------------------------------------------------------------------

  @Nested
  class TheTemplate {
    @Test
    void shouldRunOnCamundasRestConnector_whenApplied() {
      NoInstallTask.Applied task = NoInstallTask.apply(Map.of("phoneNumber", "+14155550123"));
      assertThat(task.type()).isEqualTo("io.camunda:http-json:1");
      assertThat(task.retries()).isEqualTo("3");
      assertThat(task.inputs())
          .extracting(BpmnTask.Mapping::target)
          .containsExactly(
              "authentication.token",
              "region",
              "phoneNumber",
              "connectionTimeoutInSeconds",
              "readTimeoutInSeconds",
              "method",
              "authentication.type",
              "headers",
              "storeResponse",
              "phoneNumberSlug",
              "url");
      assertThat(task.headers())
          .containsKeys("resultExpression", "errorExpression")
          .containsEntry(
              "elementTemplateId", "io.github.synthflowconnector.DeletePhoneNumber.Rest.v1")
          .containsEntry("elementTemplateVersion", "2");
      assertThat(task.outputs())
          .extracting(BpmnTask.Mapping::target)
          .containsExactly("synthflowResult");
    }

    @Test
    void shouldOfferTheRegionsTheTestCovers_whenRegionDropdownShown() {
      List<String> choices = new ArrayList<>();
      for (JsonNode property : NoInstallTask.template().get("properties")) {
        if (property.path("id").asText().equals("region")) {
          property.get("choices").forEach(c -> choices.add(c.get("value").asText()));
        }
      }
      List<String> expected = new ArrayList<>(REGION_ROOTS.keySet());
      expected.add("custom");
      assertThat(choices).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldHaveOneErrorExpressionPerChoice_whenChoicesCombine() {
      for (String notFound : List.of("fail", "succeed")) {
        for (String rejected : List.of("incident", "bpmnError")) {
          NoInstallTask.Applied task =
              NoInstallTask.apply(Map.of("ifNotFound", notFound, "onRejected", rejected));
          assertThat(task.headers().get("errorExpression"))
              .as("%s/%s", notFound, rejected)
              .startsWith("=")
              .contains("jobError(");
          assertThat(task.headers().get("errorExpression").contains("SYNTHFLOW_NUMBER_NOT_FOUND"))
              .isEqualTo(notFound.equals("succeed"));
          assertThat(task.headers().get("errorExpression").contains("SYNTHFLOW_NUMBER_REJECTED"))
              .isEqualTo(rejected.equals("bpmnError"));
        }
      }
    }
  }

  @Nested
  class Regions {
    @ParameterizedTest
    @ValueSource(strings = {"us", "eu", "global"})
    void shouldDeleteAtTheRegionsApiRoot_whenRegionChosen(String region) {
      answerJson(200, fixture("200-ok.json"));

      NoInstallTask.Run run = run("+1 (415) 555-0123", "region", region);

      assertThat(run.url()).isEqualTo(REGION_ROOTS.get(region) + "/v2/numbers/" + SLUG);
      theDelete(PATH);
      assertThat(result(run))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("status", "ok", "deleted", true, "phoneNumberSlug", SLUG, "region", region));
    }

    @Test
    void shouldDeleteAtTheBaseUrl_whenRegionCustom() {
      answerJson(200, fixture("200-ok.json"));

      NoInstallTask.Run run =
          run("+14155550123", "region", "custom", "baseUrl", synthflow.baseUrl() + "/v2/");

      assertThat(run.url()).isEqualTo(synthflow.baseUrl() + PATH);
      theDelete(PATH);
      assertThat(result(run)).containsEntry("region", "custom").containsEntry("deleted", true);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://synthflow-gateway.example.com/v2",
          "https://user:secret@synthflow-gateway.example.com/v2",
          "https://synthflow-gateway.example.com/v2?key=1",
          "https://synthflow-gateway.example.com/../v2",
          "ftp://synthflow-gateway.example.com/v2",
          "synthflow-gateway.example.com"
        })
    void shouldSendNothing_whenBaseUrlInvalid(String baseUrl) {
      NoInstallTask.Run run = run("+14155550123", "region", "custom", "baseUrl", baseUrl);

      assertIncident(run, "INVALID_INPUT");
      assertThat(run.outcome().errorMessage()).contains("baseUrl must be").contains("https://");
      assertThat(requests()).isEmpty();
    }
  }

  @Nested
  class PhoneNumbers {
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("io.github.synthflowconnector.PhoneNumberFormats#valid")
    void shouldDeleteTheSlug_whenNumberValid(String phoneNumber, String slug) {
      answerJson(200, fixture("200-ok.json"));

      NoInstallTask.Run run = run(phoneNumber);

      theDelete("/v2/numbers/" + slug);
      assertThat(result(run)).containsEntry("phoneNumberSlug", slug);
    }

    static Stream<Arguments> numbersFromFeel() {
      return Stream.of(
          Arguments.of(4915112345678L, "4915112345678"),
          Arguments.of(4.915112345678E12, "4915112345678"),
          Arguments.of(33782990580.0, "33782990580"));
    }

    @ParameterizedTest
    @MethodSource("numbersFromFeel")
    void shouldDeleteTheDigits_whenFeelYieldsANumber(Object phoneNumber, String slug) {
      answerJson(200, fixture("200-ok.json"));

      run(phoneNumber);

      theDelete("/v2/numbers/" + slug);
    }

    static Stream<Arguments> invalidNumbers() {
      List<Object> values = new ArrayList<>(PhoneNumberFormats.INVALID_TEXT);
      values.addAll(
          List.of(1415555012.5, -14155550123L, true, List.of("+14155550123"), Map.of("n", 1)));
      values.add(null);
      return values.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("invalidNumbers")
    void shouldSendNothing_whenNumberInvalid(Object phoneNumber) {
      NoInstallTask.Run run = run(phoneNumber);

      assertThat(run.url()).isNull();
      assertIncident(run, "INVALID_INPUT");
      assertThat(run.outcome().errorMessage())
          .startsWith("INVALID_INPUT: Invalid input: phoneNumber must be an E.164 phone number")
          .contains("Nothing was sent");
      assertThat(requests()).isEmpty();
    }

    @Test
    void shouldThrowRejected_whenNumberInvalidAndRejectedNumbersGoToTheProcess() {
      NoInstallTask.Run run = run("n/a", "onRejected", "bpmnError");

      assertThat(bpmnErrorDetails(run, "SYNTHFLOW_NUMBER_REJECTED"))
          .containsEntry("code", "INVALID_INPUT")
          .containsEntry("deleted", false);
      assertThat(run.outcome().errorMessage()).startsWith("Invalid input: phoneNumber");
      assertThat(requests()).isEmpty();
    }
  }

  @Nested
  class Success {
    @Test
    void shouldCompleteWithTheConnectorsResult_when200() {
      answerJson(200, fixture("200-ok.json"));

      NoInstallTask.Run run = run("+14155550123");

      theDelete(PATH);
      assertThat(run.processVariables()).containsOnlyKeys("synthflowResult");
      assertThat(result(run))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("status", "ok", "deleted", true, "phoneNumberSlug", SLUG, "region", "eu"));
    }

    @Test
    void shouldCountAsDeleted_when204WithoutBody() {
      answer(aResponse().withStatus(204));

      assertThat(result(run("+14155550123")))
          .containsEntry("status", "ok")
          .containsEntry("deleted", true);
    }

    @Test
    void shouldUseTheChosenVariable_whenResultVariableRenamed() {
      answerJson(200, fixture("200-ok.json"));

      NoInstallTask.Run run = run("+14155550123", "resultVariable", "numberResult");

      assertThat(run.processVariables()).containsOnlyKeys("numberResult");
    }
  }

  @Nested
  class NotFound {
    @Test
    void shouldFailWithNotFound_whenNumberMissingAndIfNotFoundFail() {
      answerJson(400, fixture("400-number-not-found.json"));

      NoInstallTask.Run run = run("+14155550123", "ifNotFound", "fail");

      theDelete(PATH);
      assertIncident(run, "NOT_FOUND");
      assertThat(run.outcome().errorMessage()).contains("does not exist").contains("HTTP 400");
    }

    @Test
    void shouldThrowNotFoundBpmnError_whenNumberMissingAndIfNotFoundSucceed() {
      answerJson(400, fixture("400-number-not-found.json"));

      NoInstallTask.Run run = run("+14155550123", "ifNotFound", "succeed");

      theDelete(PATH);
      assertThat(bpmnErrorDetails(run, "SYNTHFLOW_NUMBER_NOT_FOUND"))
          .containsEntry("code", "NOT_FOUND")
          .containsEntry("deleted", false)
          .containsEntry("httpStatus", 400)
          .containsEntry("synthflowMessage", "Phone number does not exist");
      assertThat(run.processVariables()).isEmpty();
    }

    // Every other answer, for both settings: NotFoundRuleAgreementTest runs the connector's
    // table (synthflow-errors/cases.csv) through this template.
  }

  @Nested
  class Refused {
    @ParameterizedTest
    @CsvSource({
      "401, 401-invalid-key.json, UNAUTHORIZED",
      "403, 403-forbidden.json, FORBIDDEN",
      "400, 400-invalid-format.json, BAD_REQUEST"
    })
    void shouldRaiseAnIncidentWithoutRetry_whenRefused(int status, String body, String code) {
      answerJson(status, fixture(body));

      NoInstallTask.Run run = run("+14155550123");

      theDelete(PATH);
      assertIncident(run, code);
      assertThat(run.outcome().errorMessage()).contains("(HTTP " + status + ")");
    }

    @Test
    void shouldSayWhatSynthflowSaid_whenForbidden() {
      answerJson(403, fixture("403-forbidden.json"));

      assertThat(run("+14155550123").outcome().errorMessage())
          .contains("Synthflow said: You do not have permission to access this resource");
    }

    @Test
    void shouldThrowRejected_whenForbiddenAndRejectedNumbersGoToTheProcess() {
      answerJson(403, fixture("403-forbidden.json"));

      NoInstallTask.Run run = run("+14155550123", "onRejected", "bpmnError");

      assertThat(bpmnErrorDetails(run, "SYNTHFLOW_NUMBER_REJECTED"))
          .containsEntry("code", "FORBIDDEN")
          .containsEntry("httpStatus", 403);
    }

    @Test
    void shouldKeepTheIncident_whenKeyRejectedAndRejectedNumbersGoToTheProcess() {
      answerJson(401, fixture("401-invalid-key.json"));

      assertIncident(run("+14155550123", "onRejected", "bpmnError"), "UNAUTHORIZED");
    }

    @Test
    void shouldMaskTheKey_whenSynthflowEchoesIt() {
      answerJson(400, "{\"detail\":\"Key " + KEY + " may not delete numbers\"}");

      NoInstallTask.Run run = run("+14155550123");

      assertIncident(run, "BAD_REQUEST");
      assertThat(run.outcome().errorMessage())
          .contains("Synthflow said: Key *** may not delete numbers")
          .doesNotContain(KEY);
    }
  }

  /**
   * 429 and 503 twice: the REST connector's HTTP client (Apache HttpClient 5 with its default retry
   * strategy) repeats a DELETE once by itself after such an answer, sleeping for its Retry-After (1
   * s without one) in the worker thread. The first answer asks for 1 s so the test stays short; the
   * second one is what the template's error expression sees.
   */
  static void answerTwice(int status, String secondRetryAfter) {
    String scenario = "busy";
    ResponseDefinitionBuilder first =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withHeader("Retry-After", "1")
            .withBody(fixture("429-rate-limited.json"));
    ResponseDefinitionBuilder second =
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", "application/json")
            .withBody(fixture("429-rate-limited.json"));
    if (secondRetryAfter != null) {
      second.withHeader("Retry-After", secondRetryAfter);
    }
    synthflow.stubFor(
        delete(urlPathMatching("/v2/numbers/.*"))
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(first)
            .willSetStateTo("again"));
    synthflow.stubFor(
        delete(urlPathMatching("/v2/numbers/.*"))
            .inScenario(scenario)
            .whenScenarioStateIs("again")
            .willReturn(second));
  }

  /** Both DELETEs the REST connector sent for one job. */
  static void assertSentTwice() {
    List<LoggedRequest> requests = requests();
    assertThat(requests).hasSize(2);
    for (LoggedRequest request : requests) {
      assertThat(request.getMethod().getName()).isEqualTo("DELETE");
      assertThat(request.getUrl()).isEqualTo(PATH);
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
    }
  }

  @Nested
  class Retried {
    @Test
    void shouldRetryAfterRetryAfter_when429WithRetryAfter() {
      answerTwice(429, "45");

      NoInstallTask.Run run = run("+14155550123");

      assertSentTwice();
      assertRetried(run, "RATE_LIMITED", Duration.ofSeconds(45));
      assertThat(run.outcome().errorMessage())
          .contains("(HTTP 429); retrying in 45 s")
          .contains("Synthflow said: Too many requests, slow down");
    }

    @Test
    void shouldRetryAfterFiveSeconds_when429WithoutRetryAfter() {
      answerTwice(429, null);

      NoInstallTask.Run run = run("+14155550123");

      assertSentTwice();
      assertRetried(run, "RATE_LIMITED", Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @CsvSource({"99999, PT10M", "2, PT5S", "-3, PT5S", "'Wed, 21 Oct 2026 07:28:00 GMT', PT5S"})
    void shouldBoundTheWait_whenRetryAfterIsExtreme(String retryAfter, Duration expected) {
      answerTwice(429, retryAfter);

      assertRetried(run("+14155550123"), "RATE_LIMITED", expected);
    }

    @Test
    void shouldRetryServerErrors_when500() {
      answerJson(500, "{\"detail\":\"Internal Server Error\"}");

      NoInstallTask.Run run = run("+14155550123");

      theDelete(PATH);
      assertRetried(run, "SERVER_ERROR", Duration.ofSeconds(5));
    }

    @Test
    void shouldHonourRetryAfter_when503() {
      answerTwice(503, "20");

      NoInstallTask.Run run = run("+14155550123");

      assertSentTwice();
      assertRetried(run, "SERVER_ERROR", Duration.ofSeconds(20));
    }

    @Test
    void shouldRaiseTheIncident_whenLastRetryFails() {
      answer(502, "text/html", fixture("502-bad-gateway.html"));

      NoInstallTask.Run run = run("+14155550123", 1);

      assertThat(failedCode(run)).isEqualTo("SERVER_ERROR");
      assertThat(run.outcome().retries()).isZero();
    }

    @Test
    void shouldRetryAsTimeout_whenSynthflowDoesNotAnswerInTime() {
      answer(aResponse().withStatus(200).withFixedDelay(4_000).withBody("{\"status\":\"ok\"}"));

      NoInstallTask.Run run = run("+14155550123", "readTimeoutInSeconds", "1");

      theDelete(PATH);
      assertRetried(run, "TIMEOUT", Duration.ofSeconds(5));
      assertThat(run.outcome().errorMessage()).contains("may or may not have been deleted");
    }

    @Test
    void shouldRetryAsConnectionFailed_whenNothingListens() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }

      NoInstallTask.Run run =
          run("+14155550123", "region", "custom", "baseUrl", "http://127.0.0.1:" + port + "/v2");

      assertRetried(run, "CONNECTION_FAILED", Duration.ofSeconds(5));
    }
  }

  @Nested
  class Redirects {
    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 308})
    void shouldNotFollow_whenSynthflowRedirects(int status) {
      answer(
          aResponse()
              .withStatus(status)
              .withHeader("Location", synthflow.baseUrl() + "/elsewhere/numbers/" + SLUG));

      NoInstallTask.Run run = run("+14155550123");

      theDelete(PATH);
      assertIncident(run, "UNEXPECTED_RESPONSE");
      assertThat(run.outcome().errorMessage())
          .contains("redirect (HTTP " + status + ")")
          .contains("/elsewhere/");
      synthflow.verify(exactly(0), anyRequestedFor(urlPathMatching("/elsewhere/.*")));
    }
  }
}
