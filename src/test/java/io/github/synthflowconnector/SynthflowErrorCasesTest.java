package io.github.synthflowconnector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.lessThanOrExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.CountMatchingStrategy;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.OutcomeAssertions;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.github.synthflowconnector.runtime.TaskInputs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "number not found" evidence rule, row by row: every answer in {@code
 * synthflow-errors/cases.csv} is served by a local server and the job runs through the real job
 * handler, once with each {@code ifNotFound} setting. What Zeebe would receive must be the row's
 * expected outcome. The table's format is documented in the folder's README.
 */
public class SynthflowErrorCasesTest {

  static final String KEY = "sk_live_cases_0c4e8b19";
  static final String PATH = "/v2/numbers/14155550123";
  static final String FOLDER = "/synthflow-errors/";
  static final List<String> HEADER =
      List.of("fixture", "status", "content_type", "if_fail", "if_succeed", "retries");

  @RegisterExtension static WireMockExtension synthflow = LocalSynthflow.server();

  final RuntimeHarness runtime = LocalSynthflow.runtime(KEY);

  /** One row of the table; public for the no-install template's run of the same rows. */
  /**
   * One row. {@code retries}: what a job started with 3 retries has left after an error outcome of
   * this row, written in the table rather than derived from {@link ErrorCode}, so that a code whose
   * retryability changes fails here; empty (-1) when no outcome of the row is an error.
   */
  public record Case(
      String fixture,
      int status,
      String contentType,
      String ifFail,
      String ifSucceed,
      int retries) {
    /** Synthflow's answer in this row: the status, the fixture as body, its content type. */
    public ResponseDefinitionBuilder response() {
      ResponseDefinitionBuilder answer = aResponse().withStatus(status).withBody(resource(fixture));
      return contentType.isEmpty() ? answer : answer.withHeader("Content-Type", contentType);
    }

    @Override
    public String toString() {
      return fixture + " as HTTP " + status;
    }
  }

  public static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    boolean header = true;
    for (String line : resource("cases.csv").split("\n", -1)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> fields = List.of(line.split(",", -1));
      if (header) {
        assertThat(fields).as("header of cases.csv").isEqualTo(HEADER);
        header = false;
        continue;
      }
      assertThat(fields).as("fields of: " + line).hasSize(HEADER.size());
      cases.add(
          new Case(
              fields.get(0),
              Integer.parseInt(fields.get(1)),
              fields.get(2),
              fields.get(3),
              fields.get(4),
              fields.get(5).isEmpty() ? -1 : Integer.parseInt(fields.get(5))));
    }
    return cases;
  }

  /** Every row with each setting of ifNotFound and the outcome the row expects for it. */
  public static Stream<Arguments> casesWithSetting() {
    return cases().stream()
        .flatMap(c ->
            Stream.of(
                Arguments.of(c, "fail", c.ifFail()), Arguments.of(c, "succeed", c.ifSucceed())));
  }

  public static String resource(String name) {
    try (InputStream in = SynthflowErrorCasesTest.class.getResourceAsStream(FOLDER + name)) {
      assertThat(in).as("test resource synthflow-errors/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JobOutcome serveAndRun(Case row, String ifNotFound) {
    synthflow.stubFor(delete(PATH).willReturn(row.response()));
    Map<String, Object> variables =
        TaskInputs.patientlyAgainstLocalServer(synthflow.baseUrl() + "/v2", "+1 415 555 0123");
    variables.put("ifNotFound", ifNotFound);
    if (row.status() == 429) {
      // A 429 is waited out and repeated within the call's deadline: the shortest deadline (2 s)
      // leaves room for one repeat after the default wait of 1 s, no more.
      variables.put("connectionTimeoutInSeconds", "1");
      variables.put("readTimeoutInSeconds", "1");
    }
    return runtime.run(variables, Map.of("resultVariable", "synthflowResult"), 3);
  }

  /** One request; for a 429 at most one repeat after the wait (its outcome shows it was sent). */
  static CountMatchingStrategy requestsFor(Case row) {
    return row.status() == 429 ? lessThanOrExactly(2) : exactly(1);
  }

  @Nested
  class Table {

    @ParameterizedTest(name = "{0}, ifNotFound={1} -> {2}")
    @MethodSource("io.github.synthflowconnector.SynthflowErrorCasesTest#casesWithSetting")
    void shouldReachExpectedOutcome_whenSynthflowAnswersTheFixture(
        Case row, String ifNotFound, String expected) {
      JobOutcome outcome = serveAndRun(row, ifNotFound);

      synthflow.verify(
          requestsFor(row),
          deleteRequestedFor(urlEqualTo(PATH))
              .withHeader("Authorization", equalTo("Bearer " + KEY)));
      synthflow.verify(requestsFor(row), anyRequestedFor(anyUrl()));
      assertThat(String.valueOf(outcome)).doesNotContain(KEY);
      switch (expected) {
        case "deleted" -> {
          assertThat(OutcomeAssertions.result(outcome)).containsEntry("deleted", true);
        }
        case "already_gone" -> OutcomeAssertions.assertAlreadyGone(outcome, "14155550123");
        default -> {
          ErrorCode code = ErrorCode.valueOf(expected);
          assertThat(outcome.kind()).isEqualTo(JobOutcome.Kind.FAILED);
          assertThat(outcome.connectorErrorCode()).isEqualTo(code.name());
          assertThat(outcome.retries()).as("retries left").isEqualTo(row.retries());
        }
      }
    }
  }

  @Nested
  class Messages {

    @Test
    void shouldNameWhatWasMissingAndSuggestChecks_when404SaysWorkspaceNotFound() {
      JobOutcome outcome =
          serveAndRun(
              new Case("workspace-not-found.json", 404, "application/json", "", "", -1), "succeed");

      assertThat(outcome.connectorErrorCode()).isEqualTo("BAD_REQUEST");
      assertThat(outcome.errorMessage())
          .contains("\"Workspace not found\"")
          .contains("region")
          .contains("base URL")
          .contains("API key")
          .contains("not treated as already deleted");
      assertThat(outcome.connectorErrorVariables())
          .containsEntry("httpStatus", 404)
          .containsEntry("synthflowMessage", "Workspace not found");
    }

    @Test
    void shouldSayBaseUrlOrRegionIsProbablyWrong_when404IsAnHtmlPage() {
      JobOutcome outcome =
          serveAndRun(new Case("nginx-404.html", 404, "text/html", "", "", -1), "succeed");

      assertThat(outcome.connectorErrorCode()).isEqualTo("UNEXPECTED_RESPONSE");
      assertThat(outcome.retries()).isZero();
      assertThat(outcome.errorMessage())
          .contains("HTTP 404 from localhost")
          .contains("the base URL or region is probably wrong");
    }

    @Test
    void shouldNameTheNumber_whenNumberDoesNotExistAndIfNotFoundFail() {
      JobOutcome outcome =
          serveAndRun(
              new Case("phone-number-not-found.json", 404, "application/json", "", "", -1), "fail");

      assertThat(outcome.connectorErrorCode()).isEqualTo("NOT_FOUND");
      assertThat(outcome.errorMessage())
          .startsWith(
              "Phone number '14155550123' in region custom does not exist in the Synthflow"
                  + " workspace (HTTP 404).");
    }
  }

  @Nested
  class TheTableItself {

    @Test
    void shouldCoverAtLeast24DistinctBodies_whenRead() {
      Set<String> fixtures = cases().stream().map(Case::fixture).collect(Collectors.toSet());
      assertThat(fixtures).hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void shouldUseEveryFixtureFile_whenFolderHoldsIt() throws IOException, URISyntaxException {
      URL folder = SynthflowErrorCasesTest.class.getResource(FOLDER);
      Set<String> files;
      try (Stream<Path> list = Files.list(Path.of(folder.toURI()))) {
        files =
            list.map(p -> p.getFileName().toString())
                .filter(name -> !name.equals("README.md") && !name.equals("cases.csv"))
                .collect(Collectors.toCollection(TreeSet::new));
      }
      Set<String> used = cases().stream().map(Case::fixture).collect(Collectors.toSet());

      assertThat(used).as("fixtures named in cases.csv").isSubsetOf(files);
      assertThat(files).as("fixture files cases.csv never uses").isSubsetOf(used);
    }

    @Test
    void shouldExpectKnownOutcomesOnly_whenRowsAreRead() {
      for (Case row : cases()) {
        for (String expected : List.of(row.ifFail(), row.ifSucceed())) {
          if (!expected.equals("deleted") && !expected.equals("already_gone")) {
            assertThat(ErrorCode.valueOf(expected)).as(row.toString()).isNotNull();
          }
        }
        // "Same split for both settings": only NOT_FOUND becomes already_gone.
        assertThat(row.ifSucceed().equals("already_gone"))
            .as(row.toString())
            .isEqualTo(row.ifFail().equals("NOT_FOUND"));
        if (!row.ifFail().equals("NOT_FOUND")) {
          assertThat(row.ifSucceed()).as(row.toString()).isEqualTo(row.ifFail());
        }
        boolean anError = !row.ifFail().equals("deleted");
        assertThat(row.retries())
            .as("retries of " + row + " (0 or 2 after an error, empty without one)")
            .isIn(anError ? List.of(0, 2) : List.of(-1));
      }
    }
  }
}
