package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connector inside the real 8.8 job handler: what a process actually gets to see. */
class SynthflowRuntimeTest {

  static final String KEY = "sk_live_runtime_7f3a9c2e";

  @RegisterExtension
  static WireMockExtension synthflow =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final RuntimeHarness runtime =
      new RuntimeHarness(
          new SynthflowDeletePhoneNumberFunction(new SynthflowHttpClient(), Clock.systemUTC()),
          Map.of("SYNTHFLOW_API_KEY", KEY));

  Map<String, Object> variables(String phoneNumber) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("authentication", Map.of("apiKey", "{{secrets.SYNTHFLOW_API_KEY}}"));
    variables.put("region", "custom");
    variables.put("baseUrl", synthflow.baseUrl() + "/v2");
    variables.put("phoneNumber", phoneNumber);
    variables.put("ifNotFound", "fail");
    return variables;
  }

  static Map<String, String> templateHeaders() {
    return Map.of("resultVariable", "synthflowResult", "retryBackoff", "PT0S");
  }

  @Nested
  class Success {
    @Test
    void shouldPutResultIntoDefaultVariable_whenNumberDeleted() {
      synthflow.stubFor(
          delete("/v2/numbers/14155550123")
              .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));

      JobOutcome outcome = runtime.run(variables("+1 415 555 0123"), templateHeaders(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
      assertThat(outcome.variables())
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
      synthflow.verify(
          deleteRequestedFor(urlEqualTo("/v2/numbers/14155550123"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
    }
  }

  @Nested
  class Failures {
    @Test
    void shouldFailWithoutRetriesAndKeepVariables_whenKeyRejected() {
      synthflow.stubFor(
          delete("/v2/numbers/14155550123")
              .willReturn(
                  aResponse().withStatus(401).withBody("{\"detail\":\"Invalid API key\"}")));

      JobOutcome outcome = runtime.run(variables("+14155550123"), templateHeaders(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.retries()).isZero();
      assertThat(outcome.connectorErrorCode()).isEqualTo("UNAUTHORIZED");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("httpStatus", 401)
          .containsEntry("synthflowMessage", "Invalid API key");
      assertThat(outcome.toString()).doesNotContain(KEY);
    }

    @Test
    void shouldRetryWithServerBackoff_whenRateLimited() {
      synthflow.stubFor(
          delete("/v2/numbers/14155550123")
              .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "42")));

      JobOutcome outcome = runtime.run(variables("+14155550123"), templateHeaders(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.retries()).isEqualTo(2);
      assertThat(outcome.retryBackoff()).isEqualTo(Duration.ofSeconds(42));
      assertThat(outcome.connectorErrorCode()).isEqualTo("RATE_LIMITED");
    }
  }
}
