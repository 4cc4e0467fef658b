package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.github.synthflowconnector.runtime.OutcomeAssertions.assertFinal;
import static io.github.synthflowconnector.runtime.OutcomeAssertions.assertRetried;
import static io.github.synthflowconnector.runtime.OutcomeAssertions.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.OutcomeAssertions;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector against a local HTTP server, driven through the real job handler: each status
 * class, each transport failure, and the exact request Synthflow receives.
 */
class DeletePhoneNumberHttpTest {

  static final String KEY = "sk_live_http_test_3e9b71c0";
  static final String PATH = "/v2/numbers/14155550123";
  static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  final RuntimeHarness runtime = LocalSynthflow.runtime(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

  Map<String, Object> variables() {
    return TaskInputs.patientlyAgainstLocalServer(synthflow.baseUrl() + "/v2", "+1 (415) 555-0123");
  }

  JobOutcome run() {
    return run(variables());
  }

  JobOutcome run(Map<String, Object> variables) {
    JobOutcome outcome =
        runtime.run(variables, Map.of("retryBackoff", "PT0S"), OutcomeAssertions.RETRIES);
    assertThat(String.valueOf(outcome)).doesNotContain(KEY);
    return outcome;
  }

  static String fixture(String name) {
    try (InputStream in =
        DeletePhoneNumberHttpTest.class.getResourceAsStream("/synthflow-errors/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project's version as the scripts read it: the pom's first two-space-indented one. */
  static String pomVersion() {
    try {
      Matcher version =
          Pattern.compile("(?m)^  <version>([^<]+)</version>$")
              .matcher(Files.readString(Path.of("pom.xml")));
      assertThat(version.find()).as("version in pom.xml").isTrue();
      return version.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void answer(int status, String body) {
    synthflow.stubFor(delete(PATH).willReturn(aResponse().withStatus(status).withBody(body)));
  }

  @Nested
  class TheRequest {
    @Test
    void shouldSendExactlyOneBearerDelete_whenNumberGiven() {
      answer(200, fixture("200-ok.json"));
      runtime.run(variables(), Map.of("resultVariable", "synthflowResult"), 3);

      List<LoggedRequest> requests = synthflow.findAll(deleteRequestedFor(anyUrl()));
      assertThat(requests).hasSize(1);
      LoggedRequest request = requests.get(0);
      assertThat(request.getMethod().getName()).isEqualTo("DELETE");
      assertThat(request.getUrl()).isEqualTo(PATH);
      assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
      assertThat(request.getHeader("Accept")).isEqualTo("application/json");
      assertThat(request.getHeader("User-Agent"))
          .isEqualTo("synthflow-camunda-connector/" + pomVersion());
      assertThat(request.getBodyAsString()).isEmpty();
      assertThat(request.containsHeader("Cookie")).isFalse();
    }

    @Test
    void shouldAcceptNumberFromFeel_whenVariableIsNumeric() {
      answer(200, fixture("200-ok.json"));
      Map<String, Object> variables = variables();
      variables.put("phoneNumber", 14155550123L);

      run(variables);

      synthflow.verify(exactly(1), deleteRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void shouldSendNothing_whenInputInvalid() {
      Map<String, Object> variables = variables();
      variables.put("phoneNumber", "+49 (0)30 1234567");

      JobOutcome outcome = run(variables);

      assertFinal(outcome, "INVALID_INPUT");
      assertThat(outcome.connectorErrorVariables()).containsEntry("field", "phoneNumber");
      assertThat(outcome.errorMessage()).contains("phoneNumber").contains("(0)");
      synthflow.verify(exactly(0), anyRequestedFor(anyUrl()));
    }

    @Test
    void shouldSendNothing_whenVariableHasWrongType() {
      Map<String, Object> variables = variables();
      variables.put("authentication", List.of("not", "an", "object"));

      JobOutcome outcome = run(variables);

      assertFinal(outcome, "INVALID_INPUT");
      assertThat(outcome.connectorErrorVariables()).containsEntry("field", "authentication");
      synthflow.verify(exactly(0), anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class Success {
    @Test
    void shouldReportSynthflowStatus_when200() {
      answer(200, fixture("200-ok.json"));
      assertThat(result(runWithResultVariable()))
          .containsEntry("status", "ok")
          .containsEntry("deleted", true)
          .containsEntry("phoneNumberSlug", "14155550123")
          .containsEntry("region", "custom");
    }

    @Test
    void shouldCountAsDeleted_when204WithoutBody() {
      synthflow.stubFor(delete(PATH).willReturn(aResponse().withStatus(204)));
      assertThat(result(runWithResultVariable()))
          .containsEntry("status", "ok")
          .containsEntry("deleted", true);
    }

    @Test
    void shouldCountAsDeleted_when200BodyIsNotJson() {
      answer(200, "deleted");
      assertThat(result(runWithResultVariable())).containsEntry("deleted", true);
    }

    @Test
    void shouldMaskKey_whenServerEchoesItAsStatus() {
      answer(200, "{\"status\":\"ok for " + KEY + "\"}");
      assertThat(result(runWithResultVariable())).containsEntry("status", "ok for ***");
    }

    @Test
    void shouldTreatAsAlreadyDeleted_whenNotFoundAndIfNotFoundSucceed() {
      answer(400, fixture("400-number-not-found.json"));
      Map<String, Object> variables = variables();
      variables.put("ifNotFound", "succeed");

      JobOutcome outcome = runtime.run(variables, Map.of("resultVariable", "synthflowResult"), 3);

      assertThat(result(outcome))
          .containsEntry("status", "not_found")
          .containsEntry("deleted", false);
    }

    @Test
    void shouldTreat404AsAlreadyDeleted_whenIfNotFoundSucceed() {
      answer(404, "");
      Map<String, Object> variables = variables();
      variables.put("ifNotFound", "succeed");
      assertThat(result(runtime.run(variables, Map.of("resultVariable", "synthflowResult"), 3)))
          .containsEntry("deleted", false);
    }

    JobOutcome runWithResultVariable() {
      return runtime.run(variables(), Map.of("resultVariable", "synthflowResult"), 3);
    }
  }

  @Nested
  class ClientErrors {
    @Test
    void shouldFailUnauthorizedWithRegionHint_when401() {
      answer(401, fixture("401-invalid-key.json"));
      JobOutcome outcome = run();
      assertFinal(outcome, "UNAUTHORIZED");
      assertThat(outcome.errorMessage()).contains("region 'custom'").contains("Invalid API key");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("httpStatus", 401)
          .containsEntry("phoneNumberSlug", "14155550123")
          .containsEntry("region", "custom")
          .containsEntry("synthflowMessage", "Invalid API key");
    }

    @Test
    void shouldFailForbidden_when403() {
      answer(403, fixture("403-forbidden.json"));
      JobOutcome outcome = run();
      assertFinal(outcome, "FORBIDDEN");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("synthflowMessage", "You do not have permission to access this resource");
    }

    @Test
    void shouldFailNotFound_when400SaysNumberDoesNotExist() {
      answer(400, fixture("400-number-not-found.json"));
      JobOutcome outcome = run();
      assertFinal(outcome, "NOT_FOUND");
      assertThat(outcome.errorMessage()).contains("'If the number does not exist' to succeed");
      assertThat(outcome.connectorErrorVariables()).containsEntry("httpStatus", 400);
    }

    @Test
    void shouldFailNotFound_when404() {
      answer(404, "{\"detail\":\"Not Found\"}");
      assertFinal(run(), "NOT_FOUND");
    }

    @Test
    void shouldFailBadRequestWithFirstDetail_when400IsAValidationError() {
      answer(400, fixture("400-invalid-format.json"));
      JobOutcome outcome = run();
      assertFinal(outcome, "BAD_REQUEST");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("synthflowMessage", "Invalid phone number format");
    }

    @ParameterizedTest
    @ValueSource(ints = {405, 409, 410, 422})
    void shouldFailBadRequest_whenOther4xx(int status) {
      answer(status, "{\"message\":\"nope\"}");
      JobOutcome outcome = run();
      assertFinal(outcome, "BAD_REQUEST");
      assertThat(outcome.connectorErrorVariables()).containsEntry("httpStatus", status);
    }

    @Test
    void shouldMaskKeyAndCapLength_whenErrorBodyEchoesKey() {
      // The key comes first and the message runs far past the cap: masked before the cut.
      answer(400, "{\"detail\":\"bad token Bearer " + KEY + " " + "y".repeat(2_000) + "\"}");
      JobOutcome outcome = run();
      assertFinal(outcome, "BAD_REQUEST");
      String message = (String) outcome.connectorErrorVariables().get("synthflowMessage");
      assertThat(message)
          .startsWith("bad token Bearer *** yyy")
          .hasSize(500 + 1) // the README's "at most 500 characters", and the ellipsis
          .endsWith("y…");
      assertThat(outcome.errorMessage()).doesNotContain(KEY).endsWith("Synthflow said: " + message);
    }

    @Test
    void shouldCapMessage_whenBodyIsHuge() {
      answer(400, "x".repeat(1_000_000));
      JobOutcome outcome = run();
      assertFinal(outcome, "BAD_REQUEST");
      assertThat((String) outcome.connectorErrorVariables().get("synthflowMessage"))
          .hasSize(Redactor.MAX_LENGTH + 1)
          .endsWith("…");
    }
  }

  @Nested
  class Retries {
    @Test
    void shouldRetryWithRetryAfterSeconds_when429() {
      synthflow.stubFor(
          delete(PATH)
              .willReturn(
                  aResponse()
                      .withStatus(429)
                      .withHeader("Retry-After", "42")
                      .withBody(fixture("429-rate-limited.json"))));
      JobOutcome outcome = run();
      assertRetried(
          outcome,
          "RATE_LIMITED",
          Duration.ofSeconds(42),
          RetryJitter.widest(Duration.ofSeconds(42)));
      assertThat(outcome.errorMessage()).contains("Too many requests, slow down");
    }

    @Test
    void shouldRetryWithRetryAfterDate_when429() {
      synthflow.stubFor(
          delete(PATH)
              .willReturn(
                  aResponse()
                      .withStatus(429)
                      .withHeader("Retry-After", "Sat, 28 Nov 2026 10:01:30 GMT")));
      assertRetried(
          run(),
          "RATE_LIMITED",
          Duration.ofSeconds(90),
          RetryJitter.widest(Duration.ofSeconds(90)));
    }

    @Test
    void shouldCapRetryAfter_whenAbsurd() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "86400")));
      assertRetried(
          run(),
          "RATE_LIMITED",
          ErrorMapper.MAX_RETRY_AFTER,
          RetryJitter.widest(ErrorMapper.MAX_RETRY_AFTER));
    }

    @Test
    void shouldUseFloor_when429WithoutRetryAfter() {
      answer(429, "");
      assertRetried(run(), "RATE_LIMITED", ErrorMapper.MIN_RETRY_BACKOFF);
    }

    @Test
    void shouldUseTaskBackoff_whenLongerThanServerAsks() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "7")));
      JobOutcome outcome = runtime.run(variables(), Map.of("retryBackoff", "PT2M"), 3);
      assertRetried(outcome, "SERVER_ERROR", Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void shouldRetryWithFloor_when5xx(int status) {
      answer(status, fixture("502-bad-gateway.html"));
      JobOutcome outcome = run();
      assertRetried(outcome, "SERVER_ERROR", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage()).contains("HTTP " + status);
    }

    @Test
    void shouldStopRetrying_whenLastRetryFails() {
      answer(503, "");
      JobOutcome outcome = runtime.run(variables(), Map.of(), 1);
      assertThat(outcome.retries()).isZero();
      assertThat(outcome.connectorErrorCode()).isEqualTo("SERVER_ERROR");
    }
  }

  @Nested
  class Transport {
    @Test
    void shouldTimeOut_whenAnswerSlowerThanReadTimeout() {
      // Warm-up: the first job of a JVM starts the runtime's FEEL engine and bean validation,
      // which is not the call being measured.
      answer(200, fixture("200-ok.json"));
      assertThat(run().kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
      int answerDelayMillis = 10_000;
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(answerDelayMillis)));
      Map<String, Object> variables = variables();
      variables.put("readTimeoutInSeconds", 1);

      long start = System.nanoTime();
      JobOutcome outcome = run(variables);
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertRetried(outcome, "TIMEOUT", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .contains("SocketTimeoutException")
          .contains("may or may not have been deleted");
      // Gave up after the 1 s read timeout, not when the answer came: bounds with seconds of
      // slack on either side, so that a loaded machine cannot fail them.
      assertThat(took)
          .isGreaterThanOrEqualTo(Duration.ofMillis(900))
          .isLessThan(Duration.ofMillis(answerDelayMillis - 2_000));
    }

    @Test
    void shouldFailConnection_whenPortRefuses() throws IOException {
      int closedPort = HostileServer.closedPort();
      Map<String, Object> variables = variables();
      variables.put("baseUrl", "http://127.0.0.1:" + closedPort + "/v2");
      JobOutcome outcome = run(variables);
      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage()).contains("refused");
    }

    @Test
    void shouldFailConnection_whenTlsHandshakeFails() {
      Map<String, Object> variables = variables();
      // An https URL on a plain-HTTP port: the server answers the TLS hello with HTTP.
      variables.put("baseUrl", "https://localhost:" + synthflow.getPort() + "/v2");
      JobOutcome outcome = run(variables);
      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage()).contains("TLS handshake");
    }

    @Test
    void shouldFailConnection_whenServerResetsConnection() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      assertRetried(run(), "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
    }

    @Test
    void shouldFailConnection_whenServerSendsGarbage() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
      assertRetried(run(), "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
    }
  }

  @Nested
  class Oddities {
    @Test
    void shouldNotFollowRedirect_when3xx() {
      synthflow.stubFor(
          delete(PATH)
              .willReturn(
                  aResponse()
                      .withStatus(307)
                      .withHeader("Location", "https://attacker.example/v2/numbers/1")));
      synthflow.stubFor(delete("/elsewhere").willReturn(aResponse().withStatus(200)));

      JobOutcome outcome = run();

      assertFinal(outcome, "UNEXPECTED_RESPONSE");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("httpStatus", 307)
          .containsEntry("location", "https://attacker.example/v2/numbers/1");
      synthflow.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void shouldNotSendKeyAgain_whenRedirectedToSameHost() {
      synthflow.stubFor(
          delete(PATH).willReturn(aResponse().withStatus(301).withHeader("Location", "/moved")));
      assertFinal(run(), "UNEXPECTED_RESPONSE");
      synthflow.verify(exactly(0), deleteRequestedFor(urlEqualTo("/moved")));
      synthflow.verify(exactly(1), anyRequestedFor(anyUrl()));
    }

    @Test
    void shouldCountAsDeleted_when200BodyIsHuge() {
      answer(200, "{\"status\":\"ok\",\"pad\":\"" + "x".repeat(500_000) + "\"}");
      assertThat(result(runtime.run(variables(), Map.of("resultVariable", "synthflowResult"), 3)))
          .containsEntry("deleted", true)
          .containsEntry("status", "ok");
    }

    @Test
    void shouldReuseConnection_whenCallsSucceed() {
      answer(200, fixture("200-ok.json"));
      SynthflowHttpClient http = new SynthflowHttpClient();
      RuntimeHarness own =
          new RuntimeHarness(
              new SynthflowDeletePhoneNumberFunction(http, Clock.systemUTC()),
              Map.of("SYNTHFLOW_API_KEY", KEY));
      for (int i = 0; i < 5; i++) {
        own.run(variables(), Map.of(), 3);
      }
      assertThat(http.poolStats().getAvailable()).isEqualTo(1);
      assertThat(http.poolStats().getLeased()).isZero();
      http.close();
    }
  }
}
