package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one spelling of a host that the allow-list compares and the request is sent to. */
class CanonicalHostTest {

  @Nested
  class Spelling {
    @ParameterizedTest
    @CsvSource({
      "API.EU.Synthflow.AI., api.eu.synthflow.ai",
      "xn--bcher-kva.example, xn--bcher-kva.example",
      "127.0.0.1, 127.0.0.1",
      "255.255.255.255, 255.255.255.255",
      "[0:0:0:0:0:0:0:1], [::1]",
      "[2001:DB8:0:0:0:0:0:1], [2001:db8::1]",
      "[2001:db8:0:1:1:1:1:1], [2001:db8:0:1:1:1:1:1]",
      "[2001:0:0:1:0:0:0:1], [2001:0:0:1::1]",
      "[1:0:0:2:0:0:3:4], [1::2:0:0:3:4]",
      "[0:0:0:0:0:0:0:0], [::]",
      "[1:0:0:0:0:0:0:0], [1::]",
      "[::ffff:127.0.0.1], 127.0.0.1",
      "[::FFFF:7f00:0001], 127.0.0.1",
    })
    void shouldWriteOneCanonicalForm_whenHostWrittenAnyWay(String host, String canonical) {
      assertThat(CanonicalHost.of(host)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @CsvSource({
      "localhost, true",
      "127.0.0.1, true",
      "127.255.0.9, true",
      "[::1], true",
      "128.0.0.1, false",
      "0.0.0.0, false",
      "[::], false",
      "localhost.example, false",
      "127.0.0.1.example, false",
    })
    void shouldKnowLoopback_onlyFromTheCanonicalText(String host, boolean loopback) {
      assertThat(CanonicalHost.isLoopback(host)).isEqualTo(loopback);
    }
  }

  @Nested
  class Refused {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "0177.0.0.1",
          "2130706433",
          "0x7f000001",
          "127.000.000.001",
          "127.0.0.01",
          "256.0.0.1",
          "1.2.3.4.5",
          "example.123",
          "example.0x1f",
        })
    void shouldRefuseWithoutQuoting_whenIpv4IsNotCanonical(String host) {
      assertThatThrownBy(() -> CanonicalHost.of(host))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("non-canonical")
          .message()
          .doesNotContain(host);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "a..b",
          "-a.example",
          "a-.example",
          "a_b.example",
          "[fe80::1%eth0]",
          "[::127.0.0.1]",
          "[1:2:3:4:5:6:7:8:9]",
          "[example]",
        })
    void shouldRefuse_whenNotAHostOrAmbiguous(String host) {
      assertThatThrownBy(() -> CanonicalHost.of(host)).isInstanceOf(InvalidInputException.class);
    }
  }
}
