package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.generator.api.GeneratorConfiguration;
import io.camunda.connector.generator.api.GeneratorConfiguration.ConnectorMode;
import io.camunda.connector.generator.dsl.ElementTemplate;
import io.camunda.connector.generator.java.ClassBasedTemplateGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed templates are what modelers download; they must be exactly what the annotations
 * generate. Regenerates them in-process with the same generator as the Maven plugin and compares.
 * To fix a failure, run {@code ./mvnw process-classes -Delement-templates.output=element-templates}
 * and commit {@code element-templates/}.
 */
class ElementTemplateDriftTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode generate(ConnectorMode mode) {
    List<ElementTemplate> templates =
        new ClassBasedTemplateGenerator()
            .generate(
                SynthflowDeletePhoneNumberFunction.class,
                new GeneratorConfiguration(mode, null, null, null, null, Map.of()));
    assertThat(templates).hasSize(1);
    return JSON.valueToTree(templates.get(0));
  }

  @ParameterizedTest
  @CsvSource({
    "NORMAL, element-templates/synthflow-delete-phone-number.json",
    "HYBRID, element-templates/hybrid/synthflow-delete-phone-number-hybrid.json"
  })
  void shouldMatchFreshGeneration_whenTemplateCommitted(ConnectorMode mode, String file)
      throws IOException {
    JsonNode committed = JSON.readTree(Files.readString(Path.of(file)));
    assertThat(committed)
        .as(
            "%s is stale: run ./mvnw process-classes -Delement-templates.output=element-templates"
                + " and commit element-templates/",
            file)
        .isEqualTo(generate(mode));
  }

  @Test
  void shouldRegisterConnectorForServiceLoader_whenServicesFileCommitted() throws IOException {
    Path services =
        Path.of(
            "src/main/resources/META-INF/services/"
                + "io.camunda.connector.api.outbound.OutboundConnectorFunction");
    assertThat(Files.readAllLines(services))
        .containsExactly(SynthflowDeletePhoneNumberFunction.class.getName());
  }

  @Test
  void shouldDescribeTaskForModelers_whenGenerated() {
    JsonNode template = generate(ConnectorMode.NORMAL);
    assertThat(template.at("/icon/contents").asText()).startsWith("data:image/svg+xml");
    assertThat(template.at("/documentationRef").asText()).contains("#readme");
    Set<String> inputs = new TreeSet<>();
    for (JsonNode property : template.get("properties")) {
      if (property.at("/binding/type").asText().equals("zeebe:input")) {
        inputs.add(property.at("/binding/name").asText());
        assertThat(property.path("description").asText())
            .as("description of %s", property.path("id").asText())
            .isNotBlank();
      }
    }
    // Every input the connector binds was looked at: the loop cannot pass by seeing none.
    assertThat(inputs)
        .containsExactlyInAnyOrder(
            "authentication.apiKey",
            "region",
            "baseUrl",
            "phoneNumber",
            "ifNotFound",
            "connectionTimeoutInSeconds",
            "readTimeoutInSeconds");
  }
}
