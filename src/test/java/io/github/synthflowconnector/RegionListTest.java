package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Region} is the list of regions. The template's dropdown is generated from annotations,
 * which cannot read an enum, so this test holds the two together: the generated dropdown of every
 * committed template offers exactly the enum's ids, and the validator's message names them all.
 */
class RegionListTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static List<String> enumIds() {
    return Arrays.stream(Region.values()).map(Region::id).toList();
  }

  static Stream<Path> templates() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("element-templates"))) {
      List<Path> found = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(found.stream().map(Path::toString))
          .as("the standard and the hybrid template")
          .anyMatch(p -> p.contains("hybrid"))
          .anyMatch(p -> !p.contains("hybrid"));
      return found.stream();
    }
  }

  static List<String> dropdownValues(Path template) throws IOException {
    List<String> values = new ArrayList<>();
    int dropdowns = 0;
    for (JsonNode property : JSON.readTree(template.toFile()).get("properties")) {
      if ("region".equals(property.path("binding").path("name").asText())) {
        assertThat(property.path("type").asText()).isEqualTo("Dropdown");
        dropdowns++;
        property.get("choices").forEach(choice -> values.add(choice.get("value").asText()));
      }
    }
    assertThat(dropdowns).as("region inputs in " + template).isEqualTo(1);
    return values;
  }

  @Nested
  class TemplateDropdown {

    @ParameterizedTest
    @MethodSource("io.github.synthflowconnector.RegionListTest#templates")
    void shouldOfferEveryRegionOfTheEnum_whenTemplateIsGenerated(Path template) throws IOException {
      assertThat(dropdownValues(template)).containsAll(enumIds());
    }

    @ParameterizedTest
    @MethodSource("io.github.synthflowconnector.RegionListTest#templates")
    void shouldOfferNothingButEnumRegions_whenTemplateIsGenerated(Path template)
        throws IOException {
      assertThat(enumIds()).containsAll(dropdownValues(template));
      assertThat(dropdownValues(template)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("io.github.synthflowconnector.RegionListTest#templates")
    void shouldDefaultToAnEnumRegion_whenTemplateIsGenerated(Path template) throws IOException {
      for (JsonNode property : JSON.readTree(template.toFile()).get("properties")) {
        if ("region".equals(property.path("binding").path("name").asText())) {
          assertThat(Region.fromId(property.path("value").asText())).isPresent();
        }
      }
    }
  }

  @Nested
  class ValidationMessage {

    @Test
    void shouldListEveryRegionOfTheEnum_whenRegionIsUnknown() {
      assertThat(RequestValidator.REGION_CHOICES).isEqualTo("us, eu, global or custom");
      for (String id : enumIds()) {
        assertThat(RequestValidator.REGION_CHOICES).containsPattern("\\b" + id + "\\b");
      }
    }

    @Test
    void shouldBindTheRegionField_whenRequestModelChanges() throws NoSuchFieldException {
      // The dropdown's binding name is the request's field: renaming one breaks both tests above.
      assertThat(DeletePhoneNumberRequest.class.getDeclaredField("region")).isNotNull();
    }
  }
}
