package io.github.synthflowconnector;

import static io.github.synthflowconnector.runtime.OutcomeAssertions.assertFinal;
import static io.github.synthflowconnector.runtime.OutcomeAssertions.assertRetried;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.HostileServer.Exchange;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an operator reads in Operate, and what an error expression gets, for every {@code
 * INVALID_INPUT} cause and every error code, through the real 8.8 job handler (secret replacement
 * and binding included): the code, the retries, the key parts of the message and the {@code
 * error.variables} the README promises. NOT_FOUND and BAD_REQUEST have their own table-driven test.
 */
class OperatorMessagesTest {

  static final String NUMBER = "+1 415 555 0123";
  static final String SLUG = "14155550123";

  @RegisterExtension static final HostileRig.PerClass rig = new HostileRig.PerClass();

  /** The template's inputs against the local server, with timeouts no loaded machine reaches. */
  static Map<String, Object> task() {
    Map<String, Object> variables = HostileJobs.variables(rig.server().baseUrl(), NUMBER);
    variables.put("connectionTimeoutInSeconds", "10");
    variables.put("readTimeoutInSeconds", "30");
    return variables;
  }

  static JobOutcome run(Map<String, Object> variables) {
    return rig.jobs().runChecked(variables).outcome();
  }

  static JobOutcome answered(HostileServer.Script script) {
    rig.server().script(script);
    return run(task());
  }

  /** error.variables of an HTTP failure, as the README's error-code section lists them. */
  static Map<String, Object> httpVariables(int status, String synthflowMessage) {
    return Map.of(
        "httpStatus",
        status,
        "phoneNumberSlug",
        SLUG,
        "region",
        "custom",
        "synthflowMessage",
        synthflowMessage);
  }

  @Nested
  class Secrets {

    @Test
    void shouldNameTheSecret_whenTheRuntimeHasNoSuchSecret() {
      RuntimeHarness noSecrets =
          new RuntimeHarness(
              new SynthflowDeletePhoneNumberFunction(rig.http(), Clock.systemUTC()), Map.of());
      rig.server().script(Exchange::ok);

      JobOutcome outcome = noSecrets.run(task(), HostileJobs.headers(), HostileJobs.RETRIES);

      assertFinal(outcome, "INVALID_INPUT");
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Invalid input: secrets.SYNTHFLOW_API_KEY could not be resolved: the connector"
                  + " runtime has no secret named SYNTHFLOW_API_KEY. Create it with exactly that"
                  + " name (SaaS: Console > Cluster > Connector secrets; Self-Managed: an"
                  + " environment variable of the connector runtime, with the runtime's secret"
                  + " prefix), then retry the incident.");
      assertThat(outcome.connectorErrorVariables())
          .isEqualTo(Map.of("field", "secrets.SYNTHFLOW_API_KEY"));
      assertThat(rig.server().requests()).isEmpty();
    }

    @Test
    void shouldNameTheOtherSecret_whenAnotherInputReferencesAMissingOne() {
      Map<String, Object> variables = task();
      variables.put("baseUrl", "{{secrets.SYNTHFLOW_GATEWAY_URL}}");
      rig.server().script(Exchange::ok);

      JobOutcome outcome = run(variables);

      assertFinal(outcome, "INVALID_INPUT");
      assertThat(outcome.errorMessage())
          .startsWith("Invalid input: secrets.SYNTHFLOW_GATEWAY_URL could not be resolved")
          .contains("no secret named SYNTHFLOW_GATEWAY_URL");
      assertThat(outcome.connectorErrorVariables())
          .isEqualTo(Map.of("field", "secrets.SYNTHFLOW_GATEWAY_URL"));
      assertThat(rig.server().requests()).isEmpty();
    }
  }

  /**
   * Each way the task's inputs can be wrong, as a modeler or a FEEL expression produces it: the
   * field error.variables names, and the words the message must contain.
   */
  static Stream<Arguments> invalidInputs() {
    return Stream.of(
        invalid(
            "reference the runtime does not recognise",
            v -> v.put("authentication", Map.of("apiKey", "{{secrets. SYNTHFLOW_API_KEY}}")),
            "authentication.apiKey",
            "references a secret the runtime could not resolve"),
        invalid(
            "no key",
            v -> v.put("authentication", Map.of("apiKey", "  ")),
            "authentication.apiKey",
            "is required: reference a connector secret"),
        invalid(
            "no authentication at all",
            v -> v.remove("authentication"),
            "authentication.apiKey",
            "is required"),
        invalid(
            "Bearer prefix",
            v -> v.put("authentication", Map.of("apiKey", "Bearer sk_pasted_with_prefix")),
            "authentication.apiKey",
            "remove the 'Bearer ' prefix"),
        invalid(
            "key with a space inside",
            v -> v.put("authentication", Map.of("apiKey", "sk_two words")),
            "authentication.apiKey",
            "contains whitespace, control or non-ASCII characters"),
        invalid("no region", v -> v.remove("region"), "region", "is required: one of us, eu"),
        invalid(
            "unknown region",
            v -> v.put("region", "mars"),
            "region",
            "must be one of us, eu, global or custom"),
        invalid(
            "custom region without base URL",
            v -> v.remove("baseUrl"),
            "baseUrl",
            "is required when region is custom"),
        invalid(
            "base URL that is no URL",
            v -> v.put("baseUrl", "https://exa mple.com/v2"),
            "baseUrl",
            "is not a valid URL"),
        invalid(
            "relative base URL",
            v -> v.put("baseUrl", "/v2"),
            "baseUrl",
            "must be an absolute URL"),
        invalid(
            "base URL with credentials",
            v -> v.put("baseUrl", "https://user:pw@example.com/v2"),
            "baseUrl",
            "must not contain credentials"),
        invalid(
            "base URL with a query",
            v -> v.put("baseUrl", "https://example.com/v2?x=1"),
            "baseUrl",
            "must not contain a query (?) or fragment (#)"),
        invalid(
            "base URL with a dot segment",
            v -> v.put("baseUrl", "https://example.com/v2/../admin"),
            "baseUrl",
            "has an unsupported path"),
        invalid(
            "plain http to another host",
            v -> v.put("baseUrl", "http://example.com/v2"),
            "baseUrl",
            "must use https"),
        invalid(
            "another scheme",
            v -> v.put("baseUrl", "ftp://example.com/v2"),
            "baseUrl",
            "must start with https://"),
        invalid(
            "no phone number",
            v -> v.remove("phoneNumber"),
            "phoneNumber",
            "is required: an E.164 phone number"),
        invalid(
            "text that is no phone number",
            v -> v.put("phoneNumber", "n/a"),
            "phoneNumber",
            "must be an E.164 phone number such as +14155550123"),
        invalid(
            "a list of numbers",
            v -> v.put("phoneNumber", List.of("+14155550123", "+14155550124")),
            "phoneNumber",
            "must be text or a number, but the expression produced a list"),
        invalid(
            "trunk prefix",
            v -> v.put("phoneNumber", "+49 (0)30 1234567"),
            "phoneNumber",
            "contains the national trunk prefix '(0)'"),
        invalid(
            "too few digits",
            v -> v.put("phoneNumber", "+1 234"),
            "phoneNumber",
            "digits including the country code"),
        invalid(
            "unknown ifNotFound",
            v -> v.put("ifNotFound", "ignore"),
            "ifNotFound",
            "must be fail or succeed"),
        invalid(
            "connection timeout over the maximum",
            v -> v.put("connectionTimeoutInSeconds", "61"),
            "connectionTimeoutInSeconds",
            "must be a whole number of seconds from 1 to 60"),
        invalid(
            "read timeout that is no number",
            v -> v.put("readTimeoutInSeconds", "soon"),
            "readTimeoutInSeconds",
            "must be a whole number of seconds from 1 to 300"),
        invalid(
            "region of the wrong JSON type",
            v -> v.put("region", Map.of("id", "eu")),
            "region",
            "has a value of the wrong type (check the task's input mappings)"));
  }

  static Arguments invalid(
      String what, Consumer<Map<String, Object>> change, String field, String messagePart) {
    return Arguments.of(what, change, field, messagePart);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidInputs")
  void shouldRaiseIncidentNamingTheField_whenInputIsInvalid(
      String what, Consumer<Map<String, Object>> change, String field, String messagePart) {
    Map<String, Object> variables = task();
    change.accept(variables);
    rig.server().script(Exchange::ok);

    JobOutcome outcome = run(variables);

    assertFinal(outcome, "INVALID_INPUT");
    assertThat(outcome.errorMessage())
        .startsWith("Invalid input: " + field + " ")
        .contains(messagePart);
    assertThat(outcome.connectorErrorVariables()).isEqualTo(Map.of("field", field));
    assertThat(rig.server().requests()).as("requests sent").isEmpty();
  }

  @Nested
  class HttpAnswers {

    @Test
    void shouldAskToCheckKeyAndRegion_whenUnauthorized() {
      JobOutcome outcome =
          answered(x -> x.respond(401, Map.of(), "{\"detail\":\"Invalid API key\"}"));

      assertFinal(outcome, "UNAUTHORIZED");
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Synthflow rejected the API key (HTTP 401). Check that the secret holds a current"
                  + " key and that region 'custom' is the workspace's region: a key only works in"
                  + " its own region. Synthflow said: Invalid API key");
      assertThat(outcome.connectorErrorVariables())
          .isEqualTo(httpVariables(401, "Invalid API key"));
    }

    @Test
    void shouldNameNumberAndPermission_whenForbidden() {
      JobOutcome outcome = answered(x -> x.respond(403, Map.of(), "{\"message\":\"forbidden\"}"));

      assertFinal(outcome, "FORBIDDEN");
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Synthflow refused to delete '"
                  + SLUG
                  + "' in region custom (HTTP 403): the key may lack permission for this"
                  + " workspace or number, or belong to another region. Synthflow said:"
                  + " forbidden");
      assertThat(outcome.connectorErrorVariables()).isEqualTo(httpVariables(403, "forbidden"));
    }

    @Test
    void shouldRetryAfterTheServersWait_whenRateLimited() {
      JobOutcome outcome =
          answered(x ->
              x.respond(
                  429,
                  Map.of("Retry-After", "42"),
                  "{\"error\":{\"message\":\"Too many requests\"}}"));

      assertRetried(
          outcome,
          "RATE_LIMITED",
          Duration.ofSeconds(42),
          RetryJitter.widest(Duration.ofSeconds(42)));
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Synthflow rate limit reached (HTTP 429) deleting '"
                  + SLUG
                  + "' in region custom. Retrying in "
                  + outcome.retryBackoff().toSeconds()
                  + " s. Synthflow said: Too many requests");
      // A retryable failure carries no error.variables: the runtime cannot pass them on.
      assertThat(outcome.connectorErrorVariables()).isNull();
    }

    @Test
    void shouldRetryWithTheFloor_whenServerError() {
      JobOutcome outcome = answered(x -> x.respond(502, Map.of(), "Bad Gateway"));

      assertRetried(outcome, "SERVER_ERROR", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Synthflow server error (HTTP 502) deleting '"
                  + SLUG
                  + "' in region custom. Retrying in 5 s. Synthflow said: Bad Gateway");
      assertThat(outcome.connectorErrorVariables()).isNull();
    }

    @Test
    void shouldReportTheMaskedLocation_whenRedirected() {
      String location = "https://collector.invalid/v2/numbers/" + SLUG;
      JobOutcome outcome = answered(x -> x.respond(308, Map.of("Location", location), ""));

      assertFinal(outcome, "UNEXPECTED_RESPONSE");
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Synthflow answered with a redirect (HTTP 308), which is never followed because"
                  + " the API key would travel with it. Check the region or base URL.");
      Map<String, Object> expected = new java.util.HashMap<>(httpVariables(308, ""));
      expected.put("location", location);
      assertThat(outcome.connectorErrorVariables()).isEqualTo(expected);
      assertThat(rig.server().requests()).hasSize(1);
    }

    @Test
    void shouldNameTheStatus_whenItIsOutsideEveryClass() {
      JobOutcome outcome = answered(x -> x.respond(600, Map.of(), "odd"));

      assertFinal(outcome, "UNEXPECTED_RESPONSE");
      assertThat(outcome.errorMessage())
          .isEqualTo("Synthflow answered with unexpected HTTP status 600. Synthflow said: odd");
      assertThat(outcome.connectorErrorVariables()).isEqualTo(httpVariables(600, "odd"));
    }
  }

  @Nested
  class Transport {

    @Test
    void shouldSayTheDeletionIsUncertain_whenNoAnswerInTime() {
      Map<String, Object> variables = task();
      variables.put("readTimeoutInSeconds", "1");
      rig.server().script(Exchange::stall);

      JobOutcome outcome = run(variables);

      assertRetried(outcome, "TIMEOUT", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "No complete answer from 127.0.0.1 in time (SocketTimeoutException). The number"
                  + " may or may not have been deleted; a retry reports NOT_FOUND if it was,"
                  + " unless 'If the number does not exist' is succeed. Retrying in 5 s.");
      assertThat(outcome.connectorErrorVariables()).isNull();
    }

    @Test
    void shouldSayRefused_whenNothingListens() throws IOException {
      int closedPort = HostileServer.closedPort();
      Map<String, Object> variables = task();
      variables.put("baseUrl", "http://127.0.0.1:" + closedPort + "/v2");

      JobOutcome outcome = run(variables);

      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Could not reach Synthflow: the connection to 127.0.0.1 was refused or"
                  + " unreachable. Retrying in 5 s.");
      assertThat(outcome.connectorErrorVariables()).isNull();
    }

    @Test
    void shouldSayTimedOutConnecting_whenTheServerNeverAccepts() throws IOException {
      List<Socket> queued = new ArrayList<>();
      // A listener that never accepts, its accept queue filled until a connection attempt hangs:
      // the kernel then drops further SYNs, which is a connect timeout on loopback.
      try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", full.getLocalPort());
        for (int i = 0; i < 64; i++) {
          Socket socket = new Socket();
          queued.add(socket);
          try {
            socket.connect(address, 500);
          } catch (SocketTimeoutException e) {
            break;
          }
        }
        Map<String, Object> variables = task();
        variables.put("baseUrl", "http://127.0.0.1:" + full.getLocalPort() + "/v2");
        variables.put("connectionTimeoutInSeconds", "1");

        JobOutcome outcome = run(variables);

        assertRetried(outcome, "TIMEOUT", ErrorMapper.MIN_RETRY_BACKOFF);
        assertThat(outcome.errorMessage())
            .isEqualTo("Timed out connecting to 127.0.0.1 after 1 s. Retrying in 5 s.");
        assertThat(outcome.connectorErrorVariables()).isNull();
      } finally {
        for (Socket socket : queued) {
          socket.close();
        }
      }
    }

    @Test
    void shouldNameTheHost_whenItsNameCannotBeResolved() {
      // A listed gateway whose name no resolver knows; the test's resolver answers nothing at all,
      // so the job never depends on the machine's DNS.
      DnsResolver nobody =
          new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
              throw new UnknownHostException(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
              throw new UnknownHostException(host);
            }
          };
      RuntimeHarness gateway =
          new RuntimeHarness(
              new SynthflowDeletePhoneNumberFunction(
                  new SynthflowHttpClient(nobody, null),
                  Clock.systemUTC(),
                  BaseUrlPolicy.fromSettings("https://gw.unresolvable.test", null)),
              Map.of(HostileSecrets.SECRET_NAME, HostileSecrets.KEY));
      Map<String, Object> variables = task();
      variables.put("baseUrl", "https://gw.unresolvable.test/v2");

      JobOutcome outcome = gateway.run(variables, HostileJobs.headers(), HostileJobs.RETRIES);

      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Could not reach Synthflow: the host name gw.unresolvable.test could not be"
                  + " resolved. Retrying in 5 s.");
      assertThat(outcome.connectorErrorVariables()).isNull();
    }

    @Test
    void shouldSayTheDeletionIsUncertain_whenTheConnectionBreaks() {
      JobOutcome outcome = answered(Exchange::reset);

      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .startsWith("Could not reach Synthflow: the connection to 127.0.0.1 broke (")
          .contains("The number may or may not have been deleted")
          .endsWith("Retrying in 5 s.");
    }

    @Test
    void shouldNameTheHandshake_whenTlsFails() throws Exception {
      JobOutcome outcome;
      // A plain-text server that answers the TLS hello with an HTTP error at once.
      try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        Thread answer =
            Thread.ofPlatform()
                .daemon()
                .start(() -> {
                  try (Socket socket = plain.accept()) {
                    socket.getOutputStream().write("HTTP/1.1 400 Bad\r\n\r\n".getBytes());
                  } catch (IOException e) {
                    // the client went away first: the job outcome still tells
                  }
                });
        Map<String, Object> variables = task();
        variables.put("baseUrl", "https://localhost:" + plain.getLocalPort() + "/v2");

        outcome = run(variables);
        answer.join(Duration.ofSeconds(10));
      }

      assertRetried(outcome, "CONNECTION_FAILED", ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(outcome.errorMessage())
          .isEqualTo(
              "Could not reach Synthflow: the TLS handshake with localhost failed. Retrying in"
                  + " 5 s.");
    }
  }
}
