package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.camunda.connector.api.outbound.JobContext;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Every attempt writes exactly one INFO line, on the audit logger, with the documented keys in the
 * documented order: captured from the real job handler for every outcome the connector can have.
 */
class AuditLogTest {

  static final String KEY = "sk_live_audit_4a7d2f";
  static final String PATH = "/v2/numbers/14155550123";

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  final RuntimeHarness runtime = LocalSynthflow.runtime(KEY);

  /** Everything the connector's loggers write, the audit logger's included. */
  final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  final Logger connectorLogger = (Logger) LoggerFactory.getLogger("io.github.synthflowconnector");

  @BeforeEach
  void capture() {
    captured.start();
    connectorLogger.addAppender(captured);
  }

  @AfterEach
  void release() {
    connectorLogger.detachAppender(captured);
    captured.stop();
  }

  /** The INFO (or louder) lines this thread's job wrote: tests run one at a time. */
  List<ILoggingEvent> infoLines() {
    String thread = Thread.currentThread().getName();
    return captured.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .filter(e -> e.getThreadName().equals(thread))
        .toList();
  }

  /** The line's keys and values in order; fails on anything that is not key=value. */
  static Map<String, String> parse(String line) {
    Pattern pair = Pattern.compile("([A-Za-z]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|[^ \"]+)( |$)");
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher matcher = pair.matcher(line);
    int at = 0;
    while (at < line.length()) {
      assertThat(matcher.find(at) && matcher.start() == at)
          .as("key=value at %d of: %s", at, line)
          .isTrue();
      assertThat(fields.put(matcher.group(1), matcher.group(2))).as("repeated key").isNull();
      at = matcher.end();
    }
    return fields;
  }

  /** A way to make an attempt end in one outcome. */
  record Scenario(
      String outcome, Consumer<Map<String, Object>> inputs, ResponseDefinitionBuilder answer) {
    @Override
    public String toString() {
      return outcome;
    }
  }

  static Scenario answered(String outcome, ResponseDefinitionBuilder answer) {
    return new Scenario(outcome, v -> {}, answer);
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
            answered("deleted", aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")),
            new Scenario(
                "already_gone",
                v -> v.put("ifNotFound", "succeed"),
                aResponse().withStatus(404).withBody("")),
            answered("NOT_FOUND", aResponse().withStatus(404).withBody("")),
            answered(
                "BAD_REQUEST",
                aResponse().withStatus(400).withBody("{\"detail\":\"Workspace not found\"}")),
            answered("UNAUTHORIZED", aResponse().withStatus(401)),
            answered("FORBIDDEN", aResponse().withStatus(403)),
            answered("RATE_LIMITED", aResponse().withStatus(429).withHeader("Retry-After", "9")),
            answered("SERVER_ERROR", aResponse().withStatus(503)),
            answered(
                "UNEXPECTED_RESPONSE",
                aResponse().withStatus(404).withBody("<html>404 Not Found</html>")),
            new Scenario(
                "TIMEOUT",
                v -> v.put("readTimeoutInSeconds", "1"),
                aResponse().withStatus(200).withFixedDelay(4_000)),
            answered("CONNECTION_FAILED", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
            new Scenario("INVALID_INPUT", v -> v.put("phoneNumber", "n/a"), null))
        .map(Arguments::of);
  }

  JobOutcome run(Scenario scenario) {
    if (scenario.answer() != null) {
      synthflow.stubFor(delete(PATH).willReturn(scenario.answer()));
    }
    Map<String, Object> variables =
        TaskInputs.patientlyAgainstLocalServer(synthflow.baseUrl() + "/v2", "+1 415 555 0123");
    scenario.inputs().accept(variables);
    return runtime.run(variables, Map.of("retryBackoff", "PT0S"), 3);
  }

  @Nested
  class ThroughTheJobHandler {

    @Test
    void shouldHaveAScenarioForEveryErrorCode_whenCodesChange() {
      Set<ErrorCode> covered = EnumSet.noneOf(ErrorCode.class);
      scenarios()
          .map(a -> ((Scenario) a.get()[0]).outcome())
          .filter(o -> !o.equals("deleted") && !o.equals("already_gone"))
          .forEach(o -> covered.add(ErrorCode.valueOf(o)));
      assertThat(covered).containsExactlyInAnyOrder(ErrorCode.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.synthflowconnector.AuditLogTest#scenarios")
    void shouldWriteExactlyOneAuditLine_whenAttemptEnds(Scenario scenario) {
      JobOutcome outcome = run(scenario);

      List<ILoggingEvent> lines = infoLines();
      assertThat(lines).as("INFO lines of one attempt").hasSize(1);
      ILoggingEvent event = lines.get(0);
      assertThat(event.getLoggerName()).isEqualTo("io.github.synthflowconnector.audit");
      assertThat(event.getLevel()).isEqualTo(Level.INFO);
      String line = event.getFormattedMessage();
      assertThat(line).doesNotContain(KEY);

      Map<String, String> fields = parse(line);
      boolean validated = !scenario.outcome().equals("INVALID_INPUT");
      boolean answered =
          validated
              && !scenario.outcome().equals("TIMEOUT")
              && !scenario.outcome().equals("CONNECTION_FAILED");
      Map<String, String> expected = new LinkedHashMap<>();
      expected.put("outcome", scenario.outcome());
      expected.put("slug", validated ? "14155550123" : "-");
      expected.put("region", validated ? "custom" : "-");
      if (answered) {
        expected.put("httpStatus", String.valueOf(scenario.answer().build().getStatus()));
      }
      if (!validated) {
        expected.put("field", "phoneNumber");
      }
      expected.put("bpmnProcessId", "offboarding");
      expected.put("processInstanceKey", fields.get("processInstanceKey"));
      expected.put("elementId", "DeleteSynthflowNumber");
      expected.put("elementInstanceKey", fields.get("elementInstanceKey"));
      expected.put("tenantId", "<default>");
      assertThat(fields).containsExactlyEntriesOf(expected);
      // The harness's job: element instance key = process instance key - 1.
      assertThat(Long.parseLong(fields.get("elementInstanceKey")))
          .isEqualTo(Long.parseLong(fields.get("processInstanceKey")) - 1);

      String code = outcome.connectorErrorCode();
      assertThat(code == null ? fields.get("outcome") : code).isEqualTo(scenario.outcome());
    }
  }

  @Nested
  class LineFormat {

    static JobContext job(String processId, String elementId, String tenantId) {
      return new JobContext() {
        @Override
        public Map<String, String> getCustomHeaders() {
          return Map.of();
        }

        @Override
        public String getVariables() {
          return "{}";
        }

        @Override
        public String getType() {
          return SynthflowDeletePhoneNumberFunction.TYPE;
        }

        @Override
        public long getProcessInstanceKey() {
          return 2251799813685250L;
        }

        @Override
        public String getBpmnProcessId() {
          return processId;
        }

        @Override
        public int getProcessDefinitionVersion() {
          return 1;
        }

        @Override
        public long getProcessDefinitionKey() {
          return 1L;
        }

        @Override
        public String getElementId() {
          return elementId;
        }

        @Override
        public long getElementInstanceKey() {
          return 2251799813685249L;
        }

        @Override
        public String getTenantId() {
          return tenantId;
        }
      };
    }

    static AuditLog.Attempt deleted() {
      AuditLog.Attempt attempt = new AuditLog.Attempt();
      attempt.outcome = AuditLog.DELETED;
      attempt.target =
          RequestValidator.validate(
              new io.github.synthflowconnector.model.DeletePhoneNumberRequest(
                  new io.github.synthflowconnector.model.Authentication(KEY),
                  "eu",
                  null,
                  "+14155550123",
                  null,
                  null,
                  null));
      attempt.httpStatus = 200;
      return attempt;
    }

    @Test
    void shouldWriteDocumentedLine_whenNumberDeleted() {
      assertThat(AuditLog.line(deleted(), job("offboarding", "DeleteSynthflowNumber", "acme")))
          .isEqualTo(
              "outcome=deleted slug=14155550123 region=eu httpStatus=200"
                  + " bpmnProcessId=offboarding processInstanceKey=2251799813685250"
                  + " elementId=DeleteSynthflowNumber elementInstanceKey=2251799813685249"
                  + " tenantId=acme");
    }

    @Test
    void shouldQuoteAndEscape_whenValuesCouldForgeALine() {
      String line =
          AuditLog.line(
              deleted(),
              job(
                  "off boarding\" outcome=deleted",
                  "a\nINFO outcome=deleted slug=1\\",
                  "t\u2028=\u0000"));

      assertThat(line).doesNotContain("\n").doesNotContain("\u2028").doesNotContain("\u0000");
      assertThat(line)
          .contains(" bpmnProcessId=\"off boarding\\\" outcome=deleted\" ")
          .contains(" elementId=\"a\\nINFO outcome=deleted slug=1\\\\\" ")
          .endsWith(" tenantId=\"t\\u2028=\\u0000\"");
      assertThat(parse(line))
          .containsOnlyKeys(
              "outcome",
              "slug",
              "region",
              "httpStatus",
              "bpmnProcessId",
              "processInstanceKey",
              "elementId",
              "elementInstanceKey",
              "tenantId")
          .containsEntry("outcome", "deleted");
    }

    @Test
    void shouldUsePlaceholders_whenThereIsNoJobContextOrTarget() {
      AuditLog.Attempt attempt = new AuditLog.Attempt();
      assertThat(AuditLog.line(attempt, null))
          .isEqualTo(
              "outcome=error slug=- region=- bpmnProcessId=- processInstanceKey=- elementId=-"
                  + " elementInstanceKey=- tenantId=-");
    }

    @Test
    void shouldWritePlaceholdersInsteadOfFailing_whenJobContextCannotAnswer() {
      JobContext stub =
          (JobContext)
              java.lang.reflect.Proxy.newProxyInstance(
                  AuditLogTest.class.getClassLoader(),
                  new Class<?>[] {JobContext.class},
                  (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                  });

      assertThat(AuditLog.line(deleted(), stub))
          .isEqualTo(
              "outcome=deleted slug=14155550123 region=eu httpStatus=200 bpmnProcessId=-"
                  + " processInstanceKey=- elementId=- elementInstanceKey=- tenantId=-");
    }

    @Test
    void shouldQuoteEmptyValues_whenJobHasThem() {
      assertThat(AuditLog.line(deleted(), job("", "e", "t"))).contains(" bpmnProcessId=\"\" ");
    }
  }
}
