package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * What a 429 does, through the runtime's job handler against a local server: the connector waits
 * for the {@code Retry-After} and repeats within the call's deadline, sends nothing before it, and
 * hands the job back as RATE_LIMITED (a retry spent, backoff no shorter than the wait) only when
 * the limit outlasts the deadline. Request times are read at the server.
 */
class RateLimitPaceTest {

  static final String KEY = "sk_live_pace_5d1e8b7a";
  static final String PATH = "/v2/numbers/14155550123";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  /** One runtime for the whole test: its pace for the key carries from job to job. */
  final RuntimeHarness runtime = LocalSynthflow.runtime(KEY);

  Map<String, Object> variables(String number, String connect, String read) {
    Map<String, Object> variables =
        TaskInputs.againstLocalServer(synthflow.baseUrl() + "/v2", number);
    variables.put("connectionTimeoutInSeconds", connect);
    variables.put("readTimeoutInSeconds", read);
    return variables;
  }

  static Map<String, String> headers() {
    Map<String, String> headers = new HashMap<>();
    headers.put("resultVariable", "synthflowResult");
    headers.put("retryBackoff", "PT0S");
    return headers;
  }

  static void rateLimitedOnceThenOk(String retryAfter) {
    synthflow.stubFor(
        delete(PATH)
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", retryAfter)
                    .withBody("{\"status\":\"error\",\"message\":\"Too many requests\"}"))
            .willSetStateTo("room again"));
    synthflow.stubFor(
        delete(PATH)
            .inScenario("limit")
            .whenScenarioStateIs("room again")
            .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
  }

  static void alwaysRateLimited(String retryAfter) {
    synthflow.stubFor(
        delete(PATH).willReturn(aResponse().withStatus(429).withHeader("Retry-After", retryAfter)));
  }

  /** Arrival times at the server, in order, in milliseconds. */
  static List<Long> arrivals() {
    return synthflow.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .map(r -> r.getLoggedDate().getTime())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  static void assertGapsAtLeast(List<Long> arrivals, long millis) {
    for (int i = 1; i < arrivals.size(); i++) {
      assertThat(arrivals.get(i) - arrivals.get(i - 1))
          .as("time from request %d to request %d", i, i + 1)
          .isGreaterThanOrEqualTo(millis);
    }
  }

  @Nested
  class WithinTheDeadline {

    @Test
    void shouldWaitForRetryAfterAndDelete_whenRateLimitedOnce() {
      rateLimitedOnceThenOk("1");

      JobOutcome outcome = runtime.run(variables("+14155550123", "10", "20"), headers(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.COMPLETED);
      assertThat(outcome.variables()).containsKey("synthflowResult");
      List<Long> arrivals = arrivals();
      assertThat(arrivals).as("the 429, then the repeat").hasSize(2);
      assertGapsAtLeast(arrivals, 1000);
    }

    @Test
    void shouldNotCountThe429AsADeletion_whenTheRepeatFindsTheNumberGone() {
      synthflow.stubFor(
          delete(PATH)
              .inScenario("gone")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
              .willSetStateTo("gone"));
      synthflow.stubFor(
          delete(PATH)
              .inScenario("gone")
              .whenScenarioStateIs("gone")
              .willReturn(
                  aResponse()
                      .withStatus(400)
                      .withBody("{\"status\":\"error\",\"message\":\"Phone number not found\"}")));

      JobOutcome outcome = runtime.run(variables("+14155550123", "10", "20"), headers(), 3);

      assertThat(outcome.connectorErrorCode()).isEqualTo("NOT_FOUND");
      assertThat(arrivals()).hasSize(2);
    }
  }

  @Nested
  class BeyondTheDeadline {

    @Test
    void shouldHandBackRateLimited_whenTheLimitOutlastsTheDeadline() {
      alwaysRateLimited("1");

      // Deadline 2 s: a request only leaves with at least 0.5 s of it left, one Retry-After apart.
      JobOutcome outcome = runtime.run(variables("+14155550123", "1", "1"), headers(), 3);

      assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
      assertThat(outcome.connectorErrorCode()).isEqualTo("RATE_LIMITED");
      assertThat(outcome.retries()).as("a retry spent").isEqualTo(2);
      assertThat(outcome.retryBackoff()).isGreaterThanOrEqualTo(ErrorMapper.MIN_RETRY_BACKOFF);
      List<Long> arrivals = arrivals();
      assertThat(arrivals)
          .as("at most one request per Retry-After within 1.5 s")
          .hasSizeBetween(1, 2);
      assertGapsAtLeast(arrivals, 1000);
    }

    @Test
    void shouldHandBackAtOnceWithTheServersWait_whenRetryAfterExceedsTheDeadline() {
      alwaysRateLimited("42");

      JobOutcome outcome = runtime.run(variables("+14155550123", "10", "30"), headers(), 3);

      assertThat(outcome.connectorErrorCode()).isEqualTo("RATE_LIMITED");
      assertThat(outcome.retryBackoff())
          .isGreaterThanOrEqualTo(Duration.ofSeconds(42))
          .isLessThanOrEqualTo(RetryJitter.widest(Duration.ofSeconds(42)));
      assertThat(arrivals()).hasSize(1);
    }

    @Test
    void shouldNotAskAgain_whenAnotherJobOfTheKeyComesBeforeTheRetryAfter() {
      alwaysRateLimited("42");
      runtime.run(variables("+14155550123", "10", "30"), headers(), 3);

      JobOutcome second = runtime.run(variables("+14155550123", "10", "30"), headers(), 3);

      assertThat(second.connectorErrorCode()).isEqualTo("RATE_LIMITED");
      assertThat(second.retryBackoff()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
      synthflow.verify(1, deleteRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void shouldStillSendForAnotherKey_whenOneKeyIsRateLimited() {
      alwaysRateLimited("42");
      runtime.run(variables("+14155550123", "10", "30"), headers(), 3);
      RuntimeHarness sameRuntimeOtherKey =
          LocalSynthflow.runtime("sk_live_other_9c2e7f3a"); // a fresh runtime: nothing learned
      sameRuntimeOtherKey.run(variables("+14155550123", "10", "30"), headers(), 3);

      synthflow.verify(2, deleteRequestedFor(urlEqualTo(PATH)));
    }
  }

  @Nested
  class Naming {

    @Test
    void shouldNameTheKeyByItsHash_whenLoggingThePace() {
      Logger logger = (Logger) LoggerFactory.getLogger(PacedDelete.class);
      ListAppender<ILoggingEvent> lines = new ListAppender<>();
      lines.start();
      logger.addAppender(lines);
      try {
        alwaysRateLimited("42");
        runtime.run(variables("+14155550123", "10", "30"), headers(), 3);
      } finally {
        logger.detachAppender(lines);
      }

      String hash = PaceRegistry.hash(URI.create(synthflow.baseUrl()), KEY).substring(0, 12);
      assertThat(lines.list).hasSize(1);
      assertThat(lines.list.get(0).getFormattedMessage()).contains(hash).doesNotContain(KEY);
    }
  }
}
