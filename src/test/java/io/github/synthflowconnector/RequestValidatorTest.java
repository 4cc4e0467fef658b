package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.synthflowconnector.model.Authentication;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestValidatorTest {

  static final String KEY = "sk_test_validator_51f0";

  static DeletePhoneNumberRequest request(String region, String baseUrl) {
    return new DeletePhoneNumberRequest(
        new Authentication(KEY), region, baseUrl, "+14155550123", "fail", null, null);
  }

  static DeletePhoneNumberRequest withKey(String key) {
    return new DeletePhoneNumberRequest(
        new Authentication(key), "eu", null, "+14155550123", null, null, null);
  }

  static DeletePhoneNumberRequest withTimeouts(Object connect, Object read) {
    return new DeletePhoneNumberRequest(
        new Authentication(KEY), "us", null, "+14155550123", null, connect, read);
  }

  static void assertInvalid(DeletePhoneNumberRequest request, String field, String expected) {
    assertThatThrownBy(() -> RequestValidator.validate(request))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(field + " ")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
  }

  @Nested
  class Regions {
    @ParameterizedTest
    @CsvSource({
      "global, https://api.synthflow.ai/v2/numbers/14155550123",
      "us, https://api.us.synthflow.ai/v2/numbers/14155550123",
      "eu, https://api.eu.synthflow.ai/v2/numbers/14155550123",
      "' EU ', https://api.eu.synthflow.ai/v2/numbers/14155550123"
    })
    void shouldTargetRegionalCluster_whenRegionGiven(String region, String uri) {
      DeletionTarget target = RequestValidator.validate(request(region, "https://ignored/v2"));
      assertThat(target.uri()).isEqualTo(URI.create(uri));
      assertThat(target.region()).isEqualTo(region.strip().toLowerCase());
    }

    @Test
    void shouldRejectUnknownRegion_whenNotInList() {
      assertInvalid(request("asia", null), "region", "us, eu, global or custom");
      assertInvalid(request(null, null), "region", "is required");
    }
  }

  @Nested
  class CustomBaseUrl {
    /** The gateway of these cases, as a runtime's operator would list it. */
    final BaseUrlPolicy gatewayListed =
        BaseUrlPolicy.fromSettings("https://gw.example.com, https://gw.example.com:8443", null);

    @ParameterizedTest
    @CsvSource({
      "https://gw.example.com/v2, https://gw.example.com/v2/numbers/14155550123",
      "https://gw.example.com/v2/, https://gw.example.com/v2/numbers/14155550123",
      "https://gw.example.com:8443/synthflow/v2, https://gw.example.com:8443/synthflow/v2/numbers/14155550123",
      "https://gw.example.com, https://gw.example.com/numbers/14155550123",
      "http://localhost:8089/v2, http://localhost:8089/v2/numbers/14155550123",
      "http://127.0.0.1:8089/v2, http://127.0.0.1:8089/v2/numbers/14155550123",
      "http://[::1]:8089/v2, http://[::1]:8089/v2/numbers/14155550123"
    })
    void shouldAppendNumbersPath_whenBaseUrlValid(String baseUrl, String uri) {
      assertThat(RequestValidator.validate(request("custom", baseUrl), gatewayListed).uri())
          .isEqualTo(URI.create(uri));
    }

    @Test
    void shouldRefuseTheGateway_whenTheRuntimeDoesNotListIt() {
      assertInvalid(
          request("custom", "https://gw.example.com/v2"),
          "baseUrl",
          "Ask the operator to list this gateway there");
    }

    @ParameterizedTest
    @CsvSource({
      "HTTPS://GW.Example.COM.:443/v2/, https://gw.example.com/v2/numbers/14155550123",
      "http://LOCALHOST.:80, http://localhost/numbers/14155550123",
      "http://[0:0:0:0:0:0:0:1]:8089/v2, http://[::1]:8089/v2/numbers/14155550123",
      "http://[::FFFF:127.0.0.9]:8089/v2, http://127.0.0.9:8089/v2/numbers/14155550123",
      "https://b\u00fccher.example/v2, https://xn--bcher-kva.example/v2/numbers/14155550123",
    })
    void shouldSendToTheCanonicalForm_whenHostWrittenAnotherWay(String baseUrl, String uri) {
      BaseUrlPolicy listed =
          BaseUrlPolicy.fromSettings("https://gw.example.com, https://b\u00fccher.example", null);
      assertThat(RequestValidator.validate(request("custom", baseUrl), listed).uri())
          .isEqualTo(URI.create(uri));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "http://gw.example.com/v2 | must use https",
          "http://10.0.0.5/v2 | must use https",
          "http://localhost.evil.com/v2 | must use https",
          "ftp://gw.example.com/v2 | must start with https://",
          "https://user:pw@gw.example.com/v2 | must not contain credentials",
          "https://gw.example.com/v2?x=1 | must not contain a query",
          "https://gw.example.com/v2#frag | must not contain a query (?) or fragment",
          "https://gw.example.com/../v2 | unsupported path",
          "https://gw.example.com/v2/%2e%2e | unsupported path",
          "gw.example.com/v2 | absolute URL",
          "https://gw example.com | not a valid URL",
        })
    void shouldRejectWithReason_whenBaseUrlUnsafe(String baseUrl, String reason) {
      assertInvalid(request("custom", baseUrl), "baseUrl", reason);
    }

    @Test
    void shouldRequireBaseUrl_whenRegionCustom() {
      assertInvalid(request("custom", " "), "baseUrl", "is required when region is custom");
    }
  }

  @Nested
  class ApiKey {
    @Test
    void shouldTrimKey_whenSecretHasTrailingNewline() {
      assertThat(RequestValidator.validate(withKey(KEY + "\n")).apiKey()).isEqualTo(KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldRequireKey_whenBlank(String key) {
      assertInvalid(withKey(key), "authentication.apiKey", "is required");
    }

    @Test
    void shouldExplainSecret_whenPlaceholderUnresolved() {
      assertInvalid(
          withKey("{{secrets.SYNTHFLOW_API_KEY}}"), "authentication.apiKey", "could not resolve");
    }

    @Test
    void shouldRejectBearerPrefix_whenKeyContainsIt() {
      assertInvalid(withKey("Bearer " + KEY), "authentication.apiKey", "'Bearer ' prefix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk_a\rb", "sk_a\nInjected: x", "sk_a b", "sk_é", "sk_\u0000"})
    void shouldRejectWithoutEchoing_whenKeyHasUnsafeCharacters(String key) {
      assertThatThrownBy(() -> RequestValidator.validate(withKey(key)))
          .hasMessageContaining("cannot carry")
          .message()
          .doesNotContain("sk_");
    }

    @Test
    void shouldRequireAuthentication_whenMissing() {
      assertInvalid(
          new DeletePhoneNumberRequest(null, "eu", null, "+14155550123", null, null, null),
          "authentication.apiKey",
          "is required");
    }
  }

  @Nested
  class OtherFields {
    @Test
    void shouldUseDefaults_whenTimeoutsAbsent() {
      DeletionTarget target = RequestValidator.validate(withTimeouts(null, ""));
      assertThat(target.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(target.readTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(target.succeedIfNotFound()).isFalse();
    }

    @Test
    void shouldAcceptNumbersAndNumericText_whenTimeoutsGiven() {
      DeletionTarget target = RequestValidator.validate(withTimeouts("5", 120));
      assertThat(target.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(target.readTimeout()).isEqualTo(Duration.ofSeconds(120));
      assertThat(target.totalTimeout()).isEqualTo(Duration.ofSeconds(125));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "61", "1.5", "ten"})
    void shouldRejectTimeout_whenOutOfRange(String value) {
      assertInvalid(withTimeouts(value, null), "connectionTimeoutInSeconds", "1 to 60");
    }

    @Test
    void shouldRejectReadTimeout_whenAboveFiveMinutes() {
      assertInvalid(withTimeouts(null, 301), "readTimeoutInSeconds", "1 to 300");
    }

    @Test
    void shouldParseIfNotFound_whenGiven() {
      DeletePhoneNumberRequest succeed =
          new DeletePhoneNumberRequest(
              new Authentication(KEY), "eu", null, "+14155550123", "succeed", null, null);
      assertThat(RequestValidator.validate(succeed).succeedIfNotFound()).isTrue();
      assertInvalid(
          new DeletePhoneNumberRequest(
              new Authentication(KEY), "eu", null, "+14155550123", "ignore", null, null),
          "ifNotFound",
          "fail or succeed");
    }
  }

  @Nested
  class Redaction {
    @Test
    void shouldHideKey_whenPrintingModelsAndTarget() {
      DeletePhoneNumberRequest request = request("eu", null);
      DeletionTarget target = RequestValidator.validate(request);
      assertThat(request.toString()).doesNotContain(KEY).contains("apiKey=***");
      assertThat(new Authentication(KEY).toString()).isEqualTo("Authentication[apiKey=***]");
      assertThat(target.toString()).doesNotContain(KEY).contains("apiKey=***");
    }
  }
}
