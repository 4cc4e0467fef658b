package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PhoneNumberSlugTest {

  @Nested
  class Normalisation {
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("io.github.synthflowconnector.PhoneNumberFormats#valid")
    void shouldProduceSlug_whenInputIsValid(String input, String slug) {
      assertThat(PhoneNumberSlug.from(input)).isEqualTo(slug);
    }

    @Test
    void shouldAcceptFeelNumbers_whenExpressionYieldsNumber() {
      assertThat(PhoneNumberSlug.from(4915112345678L)).isEqualTo("4915112345678");
      assertThat(PhoneNumberSlug.from(new BigDecimal("4915112345678"))).isEqualTo("4915112345678");
      assertThat(PhoneNumberSlug.from(4.915112345678E12)).isEqualTo("4915112345678");
      assertThat(PhoneNumberSlug.from(33782990580.0)).isEqualTo("33782990580");
    }
  }

  @Nested
  class Rejection {
    @ParameterizedTest
    @MethodSource("io.github.synthflowconnector.PhoneNumberFormats#invalidText")
    void shouldRejectWithFieldName_whenInputIsNotANumberOrSlug(String input) {
      assertThatThrownBy(() -> PhoneNumberSlug.from(input))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("phoneNumber ")
          .extracting(e -> ((InvalidInputException) e).field())
          .isEqualTo("phoneNumber");
    }

    @Test
    void shouldExplainTrunkPrefix_whenNumberContainsZeroInParentheses() {
      assertThatThrownBy(() -> PhoneNumberSlug.from("+49 (0)30 1234567"))
          .hasMessageContaining("(0)")
          .hasMessageContaining("remove it");
    }

    @Test
    void shouldCountDigits_whenNumberHasWrongLength() {
      assertThatThrownBy(() -> PhoneNumberSlug.from("+1 234"))
          .hasMessageContaining("7 to 15 digits")
          .hasMessageContaining("has 4");
    }

    @Test
    void shouldNotEchoTheValue_whenRejecting() {
      assertThatThrownBy(() -> PhoneNumberSlug.from("sk live secret value"))
          .message()
          .doesNotContain("secret");
    }

    @Test
    void shouldRejectNonScalars_whenExpressionYieldsListOrContext() {
      assertThatThrownBy(() -> PhoneNumberSlug.from(List.of("+14155550123")))
          .hasMessageContaining("list")
          .hasMessageContaining("multi-instance");
      assertThatThrownBy(() -> PhoneNumberSlug.from(Map.of("n", 1)))
          .hasMessageContaining("context");
      assertThatThrownBy(() -> PhoneNumberSlug.from(true)).hasMessageContaining("boolean");
    }

    @Test
    void shouldRejectFractionsAndNegatives_whenNumberGiven() {
      assertThatThrownBy(() -> PhoneNumberSlug.from(1415555012.5)).hasMessageContaining("whole");
      assertThatThrownBy(() -> PhoneNumberSlug.from(-14155550123L))
          .hasMessageContaining("positive");
    }

    @Test
    void shouldRequireValue_whenNull() {
      assertThatThrownBy(() -> PhoneNumberSlug.from(null)).hasMessageContaining("is required");
    }
  }
}
