package io.github.synthflowconnector.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task headers of the committed no-install template with its defaults (if not found: fail;
 * rejected numbers: incident), read from {@code element-templates/rest/}: the benchmark measures
 * the expressions modelers get, not a copy.
 */
record NoInstallTemplate(String resultExpression, Map<String, String> headers) {

  static final Path FILE =
      Path.of("element-templates/rest/synthflow-delete-phone-number-rest.json");

  static NoInstallTemplate read() {
    JsonNode template;
    try {
      template = new ObjectMapper().readTree(Files.readString(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("run from the project root: " + FILE, e);
    }
    Map<String, String> defaults = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      if (property.has("id") && property.has("value")) {
        defaults.put(property.get("id").asText(), property.get("value").asText());
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      if (binding.get("type").asText().equals("zeebe:taskHeader")
          && holds(property.get("condition"), defaults)) {
        headers.put(binding.get("key").asText(), property.get("value").asText());
      }
    }
    return new NoInstallTemplate(headers.get("resultExpression"), headers);
  }

  private static boolean holds(JsonNode condition, Map<String, String> values) {
    if (condition == null) {
      return true;
    }
    if (condition.has("allMatch")) {
      for (JsonNode each : condition.get("allMatch")) {
        if (!holds(each, values)) {
          return false;
        }
      }
      return true;
    }
    return condition.get("equals").asText().equals(values.get(condition.get("property").asText()));
  }
}
