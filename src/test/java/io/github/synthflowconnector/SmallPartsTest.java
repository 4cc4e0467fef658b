package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parsing and cleaning helpers the error mapping relies on. */
class SmallPartsTest {

  @Nested
  class RetryAfterHeader {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @ParameterizedTest
    @CsvSource({
      "0, PT0S",
      "42, PT42S",
      "' 7 ', PT7S",
      "'Sat, 28 Nov 2026 10:01:30 GMT', PT1M30S",
      "'Sat, 28 Nov 2026 09:00:00 GMT', PT0S",
      "99999999999999999999, PT277777H46M39S"
    })
    void shouldParse_whenSecondsOrHttpDate(String header, Duration expected) {
      assertThat(RetryAfter.parse(Optional.of(header), clock)).contains(expected);
    }

    /** The three formats RFC 9110 (section 5.6.7) makes every recipient accept. */
    @ParameterizedTest
    @CsvSource({
      "'Tue, 01 Dec 2026 10:00:00 GMT', PT72H",
      "'tue, 01 dec 2026 10:00:00 gmt', PT72H",
      "'Tuesday, 01-Dec-26 10:00:00 GMT', PT72H",
      "'Saturday, 28-Nov-26 10:01:30 GMT', PT1M30S",
      "'Tue Dec  1 10:00:00 2026', PT72H",
      "'Sat Nov 28 10:01:30 2026', PT1M30S"
    })
    void shouldWaitUntilTheDate_whenItIsInAnyOfTheThreeHttpDateFormats(
        String header, Duration expected) {
      assertThat(RetryAfter.parse(Optional.of(header), clock)).contains(expected);
    }

    /** RFC 850's two-digit year: "94" is 1994, long past, not 2094 (more than 50 years ahead). */
    @ParameterizedTest
    @ValueSource(
        strings = {
          "Sun, 06 Nov 1994 08:49:37 GMT",
          "Sunday, 06-Nov-94 08:49:37 GMT",
          "Sun Nov  6 08:49:37 1994",
          "Fri, 27 Nov 2026 10:00:00 GMT",
          "Friday, 27-Nov-26 10:00:00 GMT",
          "Fri Nov 27 10:00:00 2026"
        })
    void shouldNotWait_whenTheDateIsPast(String header) {
      assertThat(RetryAfter.parse(Optional.of(header), clock)).contains(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          " ",
          "-5",
          "1.5",
          "soon",
          "2026-11-28T10:01:30Z",
          "Sat, 99 Nov",
          "Mon, 01 Dec 2026 10:00:00 GMT",
          "Tuesday, 01-Dec-2 10:00:00 GMT",
          "Tuesday, 01-Dec-26 10:00:00",
          "Tue Dec  1 10:00:00",
          "Tue Dec 32 10:00:00 2026",
          "Tue, 01 Dec 2026 25:00:00 GMT"
        })
    void shouldIgnore_whenMalformedOrNegative(String header) {
      assertThat(RetryAfter.parse(Optional.of(header), clock)).isEmpty();
    }

    @Test
    void shouldBeEmpty_whenAbsent() {
      assertThat(RetryAfter.parse(Optional.empty(), clock)).isEmpty();
    }
  }

  @Nested
  class Messages {
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"detail\":\"Phone number not found\"} | Phone number not found",
          "{\"message\":\"nope\",\"detail\":\"first\"} | first",
          "{\"error\":{\"message\":\"nested\"}} | nested",
          "{\"detail\":[{\"msg\":\"Invalid slug\",\"loc\":[\"path\"]}]} | Invalid slug",
          "{\"errors\":[\"one\",\"two\"]} | one",
          "{\"status\":\"error\"} | {\"status\":\"error\"}",
          "Bad Gateway | Bad Gateway",
          "{\"detail\":\"cut at the cap | {\"detail\":\"cut at the cap",
        })
    void shouldFindMostSpecificMessage_whenBodyHasOne(String body, String message) {
      assertThat(SynthflowMessages.message(body)).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Phone number not found",
          "Phone number does not exist",
          "The number doesn't exist",
          "No phone number found with this slug",
          "No such phone number",
          "Unknown phone number",
          "phone_number not found",
          "The phone number +14155550123 was not found",
          "Could not find phone number 14155550123",
          // where it was looked for, named after the absence, keeps it about the number
          "Phone number 14155550123 not found for this account",
          "The number +1 415 555 0123 does not exist in workspace ws_42",
          "Phone number not found in workspace ws_1",
          "Could not find the number 14155550123 in this subaccount",
          "No such phone number on this team",
          "phone number 14155550123 could not be found (user u_17)"
        })
    void shouldRecogniseNumberNotFound_whenMessageSaysSo(String message) {
      assertThat(SynthflowMessages.saysNumberNotFound(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Invalid phone number format",
          "Bad request",
          "",
          "found it",
          "Not found",
          "Workspace not found",
          "Agent for number not found",
          // something else is the missing thing, the number only says which one
          "Agent of phone number 14155550123 not found",
          "Subscription for number 14155550123 does not exist",
          "The phone number's agent was not found",
          "Route DELETE /v2/numbers/14155550123 not found",
          "Key 'phone_number' not found",
          "Phone number not found; workspace does not exist either",
          "Number 14155550123: unknown workspace",
          "Could not find the agent for phone number 14155550123",
          "API key not found",
          "Unknown error while deleting the phone number",
          "Phone number is required",
          "No phone number provided",
          "Phone number has unknown country code"
        })
    void shouldNotGuessNumberNotFound_whenMessageSaysSomethingElse(String message) {
      assertThat(SynthflowMessages.saysNumberNotFound(message)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Not Found", "not found.", "NOT FOUND", " Not found "})
    void shouldRecogniseGenericNotFound_whenMessageIsJustThat(String message) {
      assertThat(SynthflowMessages.isGenericNotFound(message)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Page not found", "Not found: workspace", "404 Not Found", ""})
    void shouldNotCallGeneric_whenMessageSaysMore(String message) {
      assertThat(SynthflowMessages.isGenericNotFound(message)).isFalse();
    }

    @Test
    void shouldTellJsonObjectsFromOtherBodies_whenReadingTheMessage() {
      assertThat(SynthflowMessages.jsonMessage("{\"detail\":\"x\"}")).contains("x");
      assertThat(SynthflowMessages.jsonMessage("{\"status\":\"error\"}")).contains("");
      assertThat(SynthflowMessages.jsonMessage("{}")).contains("");
      assertThat(SynthflowMessages.jsonMessage("\"Not Found\"")).isEmpty();
      assertThat(SynthflowMessages.jsonMessage("[]")).isEmpty();
      assertThat(SynthflowMessages.jsonMessage("<html>Not Found</html>")).isEmpty();
      assertThat(SynthflowMessages.jsonMessage("")).isEmpty();
    }

    @Test
    void shouldReadStatus_whenSuccessBodyHasIt() {
      assertThat(SynthflowMessages.status("{\"status\":\"ok\"}")).contains("ok");
      assertThat(SynthflowMessages.status("{\"status\":1}")).isEmpty();
      assertThat(SynthflowMessages.status("")).isEmpty();
      assertThat(SynthflowMessages.status("[]")).isEmpty();
    }
  }

  @Nested
  class Redaction {
    static final String KEY = "sk_a/b\"c\\d";

    @Test
    void shouldMaskKey_whenPlainOrJsonEscaped() {
      assertThat(Redactor.clean("key " + KEY + " and sk_a\\/b\\\"c\\\\d", KEY))
          .isEqualTo("key *** and ***");
    }

    @Test
    void shouldCollapseControlCharacters_whenServerSendsThem() {
      assertThat(Redactor.clean("line\r\nInjected:\tvalue\u0000 end  ", KEY))
          .isEqualTo("line Injected: value end");
    }

    @Test
    void shouldCapLength_afterMasking() {
      String text = "x".repeat(498) + KEY;
      String cleaned = Redactor.clean(text, KEY);
      assertThat(cleaned).doesNotContain("sk_").startsWith("x".repeat(498) + "**").endsWith("…");
      assertThat(cleaned).hasSize(Redactor.MAX_LENGTH + 1);
    }
  }
}
