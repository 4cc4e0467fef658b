package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The committed no-install template is exactly what {@link RestTemplateGenerator} writes from the
 * connector's own rules. To fix a failure: {@code ./mvnw process-test-classes
 * -Delement-templates.output=element-templates}, then commit {@code element-templates/rest/}.
 */
class RestTemplateDriftTest {

  static final Path COMMITTED = Path.of("element-templates").resolve(RestTemplateGenerator.FILE);

  @Nested
  class Committed {
    @Test
    void shouldEqualAFreshGeneration_whenCommitted() throws IOException {
      assertThat(Files.readString(COMMITTED))
          .as(
              "%s is stale: run ./mvnw process-test-classes"
                  + " -Delement-templates.output=element-templates and commit it",
              COMMITTED)
          .isEqualTo(RestTemplateGenerator.json());
    }
  }

  @Nested
  class Generated {
    final JsonNode template = read();

    JsonNode read() {
      try {
        return new ObjectMapper().readTree(RestTemplateGenerator.json());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Test
    void shouldTargetTheRestConnector_whenGenerated() {
      assertThat(template.at("/id").asText())
          .isEqualTo("io.github.synthflowconnector.DeletePhoneNumber.Rest.v1");
      assertThat(template.at("/name").asText())
          .isEqualTo("Synthflow: Delete phone number (no install)");
      assertThat(template.at("/version").asInt()).isEqualTo(2);
      assertThat(template.at("/engines/camunda").asText()).isEqualTo("^8.8");
      assertThat(template.at("/properties/0/value").asText()).isEqualTo("io.camunda:http-json:1");
    }

    @Test
    void shouldListEveryRegionOfTheConnector_whenRegionDropdownGenerated() {
      JsonNode region = property("region");
      assertThat(region.get("choices")).hasSize(Region.values().length);
      for (Region r : Region.values()) {
        assertThat(region.get("choices").toString()).contains("\"" + r.id() + "\"");
        r.apiRoot()
            .ifPresent(root -> assertThat(property("url").toString()).contains(root.toString()));
      }
    }

    @Test
    void shouldDescribeEveryVisibleField_whenGenerated() {
      for (JsonNode property : template.get("properties")) {
        if (!property.path("type").asText().equals("Hidden")) {
          assertThat(property.path("description").asText())
              .as("description of %s", property.path("id").asText())
              .isNotBlank();
        }
      }
    }

    /** Hidden inputs have no id: found by binding name; visible ones by id. */
    JsonNode property(String name) {
      for (JsonNode property : template.get("properties")) {
        if (name.equals(property.path("id").asText())
            || name.equals(property.at("/binding/name").asText())) {
          return property;
        }
      }
      throw new AssertionError("no property " + name);
    }
  }
}
