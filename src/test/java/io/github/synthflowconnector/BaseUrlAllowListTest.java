package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.synthflowconnector.runtime.OutcomeAssertions.assertFinal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.OutcomeAssertions;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the API key may go, through the real 8.8 job handler (secret replacement and binding
 * included): hostile base URLs are refused before the client resolves or connects anything, and the
 * allowed forms are sent exactly once.
 *
 * <p>"Nothing sent" is measured where a connection would start: the client's resolver ({@link
 * RecordingDns}, asked before every connection) must not have been asked for anything, and a
 * loopback listener that the disguised loopback addresses point at must not have accepted a
 * connection. A listed gateway is reached under its name through the same resolver, which answers
 * that name (and only it) with 127.0.0.1, and a TLS server whose self-signed certificate the test's
 * client trusts without a hostname check: the only relaxation, and only in this test.
 */
class BaseUrlAllowListTest {

  static final String KEY = HostileSecrets.KEY;
  static final String GATEWAY = "gw.corp.test";

  /** A second secret, hostname-safe, to show a secret spliced into the host is not looked up. */
  static final String TOKEN_NAME = "GATEWAY_TOKEN";

  static final String TOKEN = "t0ken4f9e2";

  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().dynamicHttpsPort())
          .build();

  static final RecordingDns dns = new RecordingDns(GATEWAY);
  static Listener listener;
  static SSLContext trustingAll;
  static LogLeakAppender.Mark logs;

  /** Fresh per test: a pooled connection from an earlier test would be reused, not resolved. */
  static SynthflowHttpClient http;

  @BeforeAll
  static void start() throws Exception {
    trustingAll = SSLContextBuilder.create().loadTrustMaterial(TrustAllStrategy.INSTANCE).build();
    listener = new Listener();
    LogLeakAppender.watch(KEY);
    LogLeakAppender.watch(TOKEN);
    logs = LogLeakAppender.mark();
  }

  /** Refusals, the start-up lines and the sends logged neither the key nor a spliced secret. */
  @AfterAll
  static void stop() throws IOException {
    listener.close();
    assertThat(LogLeakAppender.leaksSince(logs, KEY)).as("log lines with the key").isEmpty();
    assertThat(LogLeakAppender.leaksSince(logs, TOKEN)).as("log lines with the token").isEmpty();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    server.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{}")));
    dns.clear();
    http =
        new SynthflowHttpClient(
            dns,
            new DefaultClientTlsStrategy(
                trustingAll, HostnameVerificationPolicy.CLIENT, NoopHostnameVerifier.INSTANCE));
  }

  @AfterEach
  void closeClient() {
    http.close();
  }

  static JobOutcome run(BaseUrlPolicy policy, String baseUrl) {
    RuntimeHarness runtime =
        new RuntimeHarness(
            new SynthflowDeletePhoneNumberFunction(http, Clock.systemUTC(), policy),
            Map.of(HostileSecrets.SECRET_NAME, KEY, TOKEN_NAME, TOKEN));
    Map<String, Object> variables = HostileJobs.variables(baseUrl, "+14155550123");
    variables.put("connectionTimeoutInSeconds", "10");
    variables.put("readTimeoutInSeconds", "30");
    return runtime.run(variables, HostileJobs.headers(), OutcomeAssertions.RETRIES);
  }

  static String ports(String baseUrl) {
    return baseUrl
        .replace("LISTENER_PORT", String.valueOf(listener.port()))
        .replace("TLS_PORT", String.valueOf(server.getRuntimeInfo().getHttpsPort()))
        .replace("PLAIN_PORT", String.valueOf(server.getPort()));
  }

  /** Refused as INVALID_INPUT, for good, naming the field; nothing resolved, connected or sent. */
  static void assertRefusedUnsent(BaseUrlPolicy policy, String baseUrl, String reason) {
    int acceptedBefore = listener.accepted();
    JobOutcome outcome = run(policy, ports(baseUrl));

    assertFinal(outcome, "INVALID_INPUT");
    assertThat(outcome.errorMessage()).contains("baseUrl ").contains(reason);
    assertThat(dns.asked())
        .as("names the client resolved (each is a connection attempt)")
        .isEmpty();
    assertThat(listener.accepted())
        .as("connections to the loopback listener")
        .isEqualTo(acceptedBefore);
    server.verify(0, anyRequestedFor(anyUrl()));
    assertThat(HostileSecrets.foundIn(HostileSecrets.everythingVisible(outcome))).isEmpty();
    assertThat(String.valueOf(outcome.variables())).doesNotContain(TOKEN);
    assertThat(outcome.errorMessage()).doesNotContain(TOKEN, "collector");
  }

  static final String NOT_ALLOWED = BaseUrlPolicy.ENV;

  @Nested
  class ByDefault {
    final BaseUrlPolicy policy = BaseUrlPolicy.fromSettings(null, null);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          // another host, and hosts that only contain, start or end like Synthflow's
          "https://collector.example/v2 | " + NOT_ALLOWED,
          "https://api.eu.synthflow.ai.collector.example/v2 | " + NOT_ALLOWED,
          "https://API.EU.SYNTHFLOW.AI.collector.example./v2 | " + NOT_ALLOWED,
          "https://collector.example/api.synthflow.ai/v2 | " + NOT_ALLOWED,
          "https://xapi.synthflow.ai/v2 | " + NOT_ALLOWED,
          "https://synthflow.ai/v2 | " + NOT_ALLOWED,
          "https://api.synthflow.ai.evil/v2 | " + NOT_ALLOWED,
          "https://localhost.collector.example/v2 | " + NOT_ALLOWED,
          "https://127.0.0.1.nip.io:LISTENER_PORT/v2 | " + NOT_ALLOWED,
          "'  https://collector.example:443/v2  ' | " + NOT_ALLOWED,
          // Synthflow's host on another port or without TLS
          "https://api.synthflow.ai:8443/v2 | " + NOT_ALLOWED,
          "http://api.synthflow.ai/v2 | must use https",
          // user info, query and fragment that make a URL look like Synthflow's
          "https://api.synthflow.ai@collector.example/v2 | credentials",
          "https://api.synthflow.ai:443@collector.example/v2 | credentials",
          "https://api.synthflow.ai%2f@collector.example/v2 | credentials",
          "https://collector.example#@api.synthflow.ai/v2 | fragment",
          "https://collector.example?@api.synthflow.ai | query",
          "https://collector.example\\@api.synthflow.ai/v2 | not a valid URL",
          // percent-encoding and Unicode look-alikes
          "https://api%2esynthflow%2eai/v2 | no usable host",
          "https://collector%2eexample/v2 | no usable host",
          "https://api.synthflow.ai%00.collector.example/v2 | no usable host",
          "https://collector.example\uff0fapi.synthflow.ai/v2 | " + NOT_ALLOWED,
          "https://api\uff0esynthflow\uff0eai\uff0ecollector.example/v2 | " + NOT_ALLOWED,
          // 127.0.0.1 in forms resolvers disagree about, and addresses that are not loopback
          "https://0177.0.0.1:LISTENER_PORT/v2 | non-canonical",
          "https://2130706433:LISTENER_PORT/v2 | non-canonical",
          "https://0x7f000001:LISTENER_PORT/v2 | non-canonical",
          "https://0x7f.0.0.1:LISTENER_PORT/v2 | no usable host",
          "https://127.000.000.001:LISTENER_PORT/v2 | non-canonical",
          "http://127.1:LISTENER_PORT/v2 | no usable host",
          "http://127.0.0.1.:LISTENER_PORT/v2 | no usable host",
          "https://[::127.0.0.1]:LISTENER_PORT/v2 | IPv4-compatible",
          "https://[fe80::1%25lo]:LISTENER_PORT/v2 | plain IPv6",
          "https://0.0.0.0:LISTENER_PORT/v2 | " + NOT_ALLOWED,
          "https://[::]:LISTENER_PORT/v2 | " + NOT_ALLOWED,
          "https://[::ffff:10.0.0.5]/v2 | " + NOT_ALLOWED,
          "https://[::ffff:a00:5]/v2 | " + NOT_ALLOWED,
          "https://10.0.0.5/v2 | " + NOT_ALLOWED,
          "https://169.254.169.254/v2 | " + NOT_ALLOWED,
          // a secret spliced into the host would leak through the DNS query alone
          "https://{{secrets.GATEWAY_TOKEN}}.collector.example/v2 | " + NOT_ALLOWED,
          "https://{{secrets.SYNTHFLOW_API_KEY}}.collector.example/v2 | baseUrl",
        })
    void shouldRefuseAndSendNothing_whenBaseUrlIsNotSynthflowOrLoopback(String url, String reason) {
      assertRefusedUnsent(policy, url, reason);
    }

    @Test
    void shouldNameTheSettingAndSynthflowsHosts_whenHostNotAllowed() {
      JobOutcome outcome = run(policy, "https://collector.example/v2");

      assertThat(outcome.errorMessage())
          .contains("baseUrl is not an API root this runtime sends the API key to")
          .contains("nothing was sent")
          .contains(BaseUrlPolicy.ENV, BaseUrlPolicy.PROPERTY)
          .contains("https://api.us.synthflow.ai", "https://api.eu.synthflow.ai")
          .contains("https://api.synthflow.ai");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "http://127.0.0.1:PLAIN_PORT/v2 | 127.0.0.1 | /v2",
          "HTTP://LOCALHOST.:PLAIN_PORT/v2/ | localhost | /v2",
          "http://localhost:PLAIN_PORT | localhost | ''",
          "http://[::ffff:127.0.0.1]:PLAIN_PORT/synthflow/v2 | 127.0.0.1 | /synthflow/v2",
          "http://[::ffff:7f00:1]:PLAIN_PORT/v2 | 127.0.0.1 | /v2",
        })
    void shouldSendExactlyOnce_whenBaseUrlIsLoopback(String url, String host, String path) {
      JobOutcome outcome = run(policy, ports(url));

      assertThat(outcome.kind()).as(outcome.errorMessage()).isEqualTo(JobOutcome.Kind.COMPLETED);
      assertThat(dns.asked()).containsExactly(host);
      server.verify(
          1,
          deleteRequestedFor(urlEqualTo(path + "/numbers/14155550123"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
      server.verify(1, anyRequestedFor(anyUrl()));
    }

    /**
     * Synthflow's hosts through a custom base URL, in any spelling of the host: the client asks for
     * the canonical name exactly once. The test's resolver does not answer it, so nothing leaves
     * the machine and the job ends as a connection failure.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "https://api.eu.synthflow.ai/v2 | api.eu.synthflow.ai",
          "HTTPS://API.US.SYNTHFLOW.AI./v2 | api.us.synthflow.ai",
          "https://api.synthflow.ai:443/v1 | api.synthflow.ai",
          "https://\uff41\uff50\uff49.eu.synthflow.ai/v2 | api.eu.synthflow.ai",
        })
    void shouldTryOnlyTheCanonicalSynthflowHost_whenBaseUrlIsSynthflows(String url, String host) {
      JobOutcome outcome = run(policy, url);

      assertThat(outcome.connectorErrorCode()).isEqualTo("CONNECTION_FAILED");
      assertThat(dns.asked()).containsExactly(host);
      server.verify(0, anyRequestedFor(anyUrl()));
    }
  }

  @Nested
  class WithAListedGateway {
    BaseUrlPolicy listing(String entries) {
      return BaseUrlPolicy.fromSettings(ports(entries), null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "https://gw.corp.test:TLS_PORT/synthflowx/v2 | " + NOT_ALLOWED,
          "https://gw.corp.test:TLS_PORT/other/v2 | " + NOT_ALLOWED,
          "https://gw.corp.test:TLS_PORT | " + NOT_ALLOWED,
          "https://gw.corp.test:TLS_PORT/Synthflow/v2 | " + NOT_ALLOWED,
          "https://gw.corp.test/synthflow/v2 | " + NOT_ALLOWED,
          "https://gw.corp.test.collector.example:TLS_PORT/synthflow/v2 | " + NOT_ALLOWED,
          "https://collector.example:TLS_PORT/gw.corp.test/synthflow | " + NOT_ALLOWED,
          "http://gw.corp.test:TLS_PORT/synthflow/v2 | must use https",
          "https://gw.corp.test:TLS_PORT/synthflow/../admin | unsupported path",
          "https://gw.corp.test:TLS_PORT/synthflow/%2e%2e/admin | unsupported path",
          "https://gw.corp.test:TLS_PORT/synthflow%2fv2 | unsupported path",
          "https://gw.corp.test:TLS_PORT/synthflow/./v2 | unsupported path",
        })
    void shouldRefuseAndSendNothing_whenOutsideTheListedPrefix(String url, String reason) {
      assertRefusedUnsent(listing("https://gw.corp.test:TLS_PORT/synthflow"), url, reason);
    }

    @ParameterizedTest(name = "[{index}] {0} under {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "https://gw.corp.test:TLS_PORT/synthflow/v2 | https://gw.corp.test:TLS_PORT/synthflow",
          "https://GW.Corp.Test.:TLS_PORT/synthflow/v2/ | https://gw.corp.test:TLS_PORT/synthflow/",
          "https://gw.corp.test:TLS_PORT/synthflow/v2 | ' https://other.example , https://GW.CORP.TEST.:TLS_PORT/synthflow,'",
          "https://gw.corp.test:TLS_PORT/synthflow/v2 | https://gw.corp.test:TLS_PORT",
        })
    void shouldSendExactlyOnceOverTls_whenGatewayListed(String url, String entries) {
      JobOutcome outcome = run(listing(entries), ports(url));

      assertThat(outcome.kind()).as(outcome.errorMessage()).isEqualTo(JobOutcome.Kind.COMPLETED);
      assertThat(dns.asked()).containsExactly(GATEWAY);
      server.verify(
          1,
          deleteRequestedFor(urlEqualTo("/synthflow/v2/numbers/14155550123"))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
      server.verify(1, anyRequestedFor(anyUrl()));
    }
  }

  /**
   * The operator's setting itself: a value that cannot be read leaves exactly one ERROR line at
   * start naming the setting and the entry (never what could be credentials), and every custom base
   * URL that is neither Synthflow's nor loopback is refused saying the setting is invalid.
   */
  @Nested
  class BrokenSetting {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "gw.corp.test/synthflow | entry 1 'gw.corp.test/synthflow' must be an absolute URL",
          "http://gw.corp.test/synthflow | entry 1 'http://gw.corp.test/synthflow' must use https",
          "https://gw.corp.test/synthflow, ftp://gw.corp.test | entry 2 'ftp://gw.corp.test'",
          "https://*.corp.test | entry 1 'https://*.corp.test'",
          "https://gw.corp.test/synthflow?x=1 | must not contain a query",
          "https://gw.corp.test/../synthflow | unsupported path",
          "https://0177.0.0.1 | non-canonical",
          "https://gw.corp.test:0/synthflow | port outside 1 to 65535",
          "'https://user:s3cr3tpw@gw.corp.test' | entry 1 (not shown: it contains '@'",
        })
    void shouldLogOnceAndRefuseGateways_whenSettingInvalid(String value, String logged) {
      BaseUrlPolicy policy;
      try (LogCapture log = new LogCapture()) {
        policy = BaseUrlPolicy.fromSettings(null, value);
        assertThat(log.lines()).hasSize(1);
        assertThat(log.lines().get(0))
            .startsWith("ERROR " + BaseUrlPolicy.ENV + " is invalid")
            .contains(logged)
            .doesNotContain("s3cr3tpw");
      }

      assertRefusedUnsent(policy, "https://gw.corp.test:TLS_PORT/synthflow/v2", "is invalid");
      assertThat(run(policy, "https://gw.corp.test/synthflow/v2").errorMessage())
          .contains(BaseUrlPolicy.ENV + ", is invalid")
          .contains("Ask the runtime's operator to fix " + BaseUrlPolicy.ENV);
      assertThat(run(policy, ports("http://127.0.0.1:PLAIN_PORT/v2")).kind())
          .as("loopback still allowed")
          .isEqualTo(JobOutcome.Kind.COMPLETED);
      server.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void shouldNameTheSystemProperty_whenItIsTheInvalidOne() {
      BaseUrlPolicy policy;
      try (LogCapture log = new LogCapture()) {
        policy = BaseUrlPolicy.fromSettings("nonsense", "https://gw.corp.test");
        assertThat(log.lines())
            .singleElement()
            .asString()
            .startsWith("ERROR system property " + BaseUrlPolicy.PROPERTY + " is invalid");
      }
      assertRefusedUnsent(
          policy,
          "https://gw.corp.test:TLS_PORT/synthflow/v2",
          BaseUrlPolicy.PROPERTY + ", is invalid");
    }

    @Test
    void shouldPreferThePropertyAndLogTheList_whenBothSet() {
      BaseUrlPolicy policy;
      try (LogCapture log = new LogCapture()) {
        policy = BaseUrlPolicy.fromSettings(ports("https://gw.corp.test:TLS_PORT/synthflow"), "x");
        assertThat(log.lines())
            .singleElement()
            .asString()
            .startsWith("INFO system property " + BaseUrlPolicy.PROPERTY)
            .endsWith(
                "under https://gw.corp.test:"
                    + server.getRuntimeInfo().getHttpsPort()
                    + "/synthflow (besides Synthflow and loopback)");
      }
      assertThat(run(policy, ports("https://gw.corp.test:TLS_PORT/synthflow/v2")).kind())
          .isEqualTo(JobOutcome.Kind.COMPLETED);
    }

    @Test
    void shouldLogNothingAndAllowOnlyDefaults_whenSettingBlank() {
      try (LogCapture log = new LogCapture()) {
        BaseUrlPolicy policy = BaseUrlPolicy.fromSettings(null, "  ");
        assertThat(log.lines()).isEmpty();
        assertRefusedUnsent(policy, "https://gw.corp.test:TLS_PORT/synthflow/v2", NOT_ALLOWED);
      }
    }
  }

  /** The setting's names, read from the one place that defines them, where people look. */
  @Nested
  class Documentation {
    @Test
    void shouldNameTheSetting_whereModelersAndOperatorsRead() throws IOException {
      JsonNode template =
          new ObjectMapper()
              .readTree(
                  Path.of("element-templates", "synthflow-delete-phone-number.json").toFile());
      String baseUrlDescription = "";
      for (JsonNode property : template.get("properties")) {
        if ("baseUrl".equals(property.path("id").asText())) {
          baseUrlDescription = property.path("description").asText();
        }
      }
      assertThat(baseUrlDescription).contains(BaseUrlPolicy.ENV);
      assertThat(UserDocs.text())
          .contains("`" + BaseUrlPolicy.ENV + "`", "`-D" + BaseUrlPolicy.PROPERTY + "`");
    }
  }

  /** A loopback port that counts the connections it accepts and closes them at once. */
  static final class Listener implements AutoCloseable {
    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();

    Listener() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread thread = new Thread(this::acceptLoop, "base-url-listener");
      thread.setDaemon(true);
      thread.start();
    }

    private void acceptLoop() {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          accepted.incrementAndGet();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    int port() {
      return socket.getLocalPort();
    }

    int accepted() {
      return accepted.get();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
