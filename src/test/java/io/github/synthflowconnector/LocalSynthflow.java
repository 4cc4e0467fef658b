package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.time.Clock;
import java.util.Map;

/** The set-up the HTTP tests share: a local server standing in for Synthflow, and the connector. */
public final class LocalSynthflow {

  /** The secret name the template's default {@code {{secrets.SYNTHFLOW_API_KEY}}} reads. */
  public static final String SECRET_NAME = "SYNTHFLOW_API_KEY";

  private LocalSynthflow() {}

  /** A WireMock server on a free port, for a test class's {@code @RegisterExtension}. */
  public static WireMockExtension server() {
    return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
  }

  /** The connector in the job runtime, with the key as the runtime's only secret. */
  public static RuntimeHarness runtime(String apiKey) {
    return runtime(apiKey, Clock.systemUTC());
  }

  /** As {@link #runtime(String)}, with the clock the connector reads. */
  public static RuntimeHarness runtime(String apiKey, Clock clock) {
    return new RuntimeHarness(
        new SynthflowDeletePhoneNumberFunction(new SynthflowHttpClient(), clock),
        Map.of(SECRET_NAME, apiKey));
  }
}
