package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The user documentation (README and docs/) states guarantees with figures. Each figure here is
 * read from that text and held to what the code or the suites really have, so that changing either
 * one alone fails the build. The suites themselves assert the behaviour behind the figures.
 */
class ReadmeFiguresTest {

  static String readme;

  @BeforeAll
  static void read() throws IOException {
    // Line breaks and indentation of the Markdown source are not part of a sentence.
    readme = UserDocs.text().replaceAll("\\s+", " ");
  }

  /** The whole number the README writes in the given place: "(\\d[\\d,]*)" is the figure. */
  static long figure(String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(readme);
    assertThat(matcher.find()).as("the README states /%s/", regex).isTrue();
    return Long.parseLong(matcher.group(1).replace(",", ""));
  }

  static final String NUMBER = "(\\d[\\d,]*)";

  @Nested
  class BehaviourUnderFaults {

    @Test
    void shouldStateTheFaultScenarioCount_whenFaultSuiteDeclaresThem() {
      assertThat(figure("each of the " + NUMBER + " fault scenarios"))
          .isEqualTo(ReadmeFigures.faultScenariosDeclared());
    }

    @Test
    void shouldStateTheHandlerBound_whenEveryScenarioIsHeldToIt() {
      assertThat(figure("must end within " + NUMBER + " s"))
          .isEqualTo(HostileJobs.HANDLER_BOUND.toSeconds());
      assertThat(figure("With " + NUMBER + " s \\+ 1 s"))
          .isEqualTo(HostileJobs.CONNECT_TIMEOUT_SECONDS);
      assertThat(figure("With 1 s \\+ " + NUMBER + " s"))
          .isEqualTo(HostileJobs.READ_TIMEOUT_SECONDS);
    }

    @Test
    void shouldStateTheLogScanFloor_whenFaultSuiteAssertsIt() {
      assertThat(figure("at least " + NUMBER + " events scanned in the fault suite"))
          .isEqualTo(ReadmeFigures.MIN_FAULT_SUITE_LOG_EVENTS);
    }

    @Test
    void shouldStateTheEndlessBodyBound_whenFaultSuiteAssertsIt() {
      assertThat(figure("on loopback here, at most " + NUMBER + " MiB"))
          .isEqualTo(ReadmeFigures.MAX_ENDLESS_BODY_MIB);
    }

    @Test
    void shouldStateTheBodyCap_whenClientReadsUpToIt() {
      assertThat(figure("At most " + NUMBER + " KiB of a body is read") * 1024)
          .isEqualTo(SynthflowHttpClient.MAX_BODY_BYTES);
      assertThat(figure("cut at exactly " + NUMBER + " KiB of inflated text") * 1024)
          .isEqualTo(SynthflowHttpClient.MAX_BODY_BYTES);
    }

    @Test
    void shouldStateTheHeaderLimits_whenConnectionsApplyThem() {
      assertThat(figure("header lines are limited to " + NUMBER + " KiB each") * 1024)
          .isEqualTo(QuietConnectionFactory.MAX_LINE_LENGTH);
      // HttpCore refuses the head when the count reaches the limit: 100 allows 99 fields.
      assertThat(figure("the header to " + NUMBER + " fields") + 1)
          .isEqualTo(QuietConnectionFactory.MAX_HEADER_COUNT);
    }

    @Test
    void shouldStateTheLoadFigures_whenLoadPoolTestRunsThem() throws IOException {
      String source =
          Files.readString(Path.of("src/test/java/io/github/synthflowconnector/LoadPoolTest.java"));
      assertThat(figure("After " + NUMBER + " failing calls"))
          .isEqualTo(Long.parseLong(literal(source, "int calls = (\\d[\\d_]*);")));
      assertThat(figure("failing calls of " + NUMBER + " kinds"))
          .isEqualTo(
              LoadPoolTest.Failures.FAST_KINDS.size() + LoadPoolTest.Failures.SLOW_KINDS.size());
      assertThat(figure(NUMBER + " jobs at once on 8 threads"))
          .isEqualTo(Long.parseLong(literal(source, "runConcurrently\\((\\d+),")));
      assertThat(figure("jobs at once on " + NUMBER + " threads")).isEqualTo(LoadPoolTest.THREADS);
    }

    @Test
    void shouldStateTheGeneratedInputs_whenPropertyTestsTryThem() {
      assertThat(figure(NUMBER + " generated phone numbers and base URLs per build"))
          .isEqualTo(ReadmeFigures.requestShapeTriesDeclared());
    }

    /** A figure that lives only in a test's source: the literal the regex's group captures. */
    private static String literal(String source, String regex) {
      Matcher matcher = Pattern.compile(regex).matcher(source);
      assertThat(matcher.find()).as("LoadPoolTest contains /%s/", regex).isTrue();
      return matcher.group(1).replace("_", "");
    }
  }

  @Nested
  class Limits {

    @Test
    void shouldStateTheMessageCap_whenRedactorCapsAtIt() {
      assertThat(figure("at most " + NUMBER + " characters\\)")).isEqualTo(Redactor.MAX_LENGTH);
    }

    @Test
    void shouldStateTheRetryBounds_whenErrorMapperAppliesThem() {
      assertThat(Duration.ofSeconds(figure("a floor of " + NUMBER + " seconds")))
          .isEqualTo(ErrorMapper.MIN_RETRY_BACKOFF);
      assertThat(Duration.ofMinutes(figure("capped at " + NUMBER + " minutes")))
          .isEqualTo(ErrorMapper.MAX_RETRY_AFTER);
    }

    @Test
    void shouldStateTheJarLimit_whenShadedJarItChecksIt() {
      assertThat(figure("jar ≤ " + NUMBER + " MB") * 1_000_000)
          .isEqualTo(ShadedJarIT.MAX_FAT_JAR_BYTES);
    }
  }
}
