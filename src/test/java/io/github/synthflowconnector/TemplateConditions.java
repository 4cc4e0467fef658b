package io.github.synthflowconnector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** How the Modeler decides whether an element template property is shown, hence applied. */
public final class TemplateConditions {

  private TemplateConditions() {}

  /**
   * Whether a property's {@code condition} holds for the given property values (by property id); no
   * condition always holds. Fails on a condition kind the templates here do not use, so that a new
   * kind is not silently read as "holds".
   */
  public static boolean holds(JsonNode condition, Map<String, String> values) {
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
    String actual = values.get(condition.get("property").asText());
    if (condition.has("equals")) {
      return condition.get("equals").asText().equals(actual);
    }
    if (condition.has("oneOf")) {
      for (JsonNode option : condition.get("oneOf")) {
        if (option.asText().equals(actual)) {
          return true;
        }
      }
      return false;
    }
    throw new IllegalArgumentException("condition not understood by this test: " + condition);
  }
}
