package io.github.synthflowconnector.example;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FailedEvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;

/**
 * Evaluates BPMN expressions and input mappings the way Zeebe does: a source starting with {@code
 * =} is a FEEL expression (the FEEL engine Zeebe embeds), anything else is the static text as
 * written; a dotted target such as {@code authentication.apiKey} builds nested contexts, merged
 * across the mappings of the same element; later mappings see the targets of earlier ones.
 */
final class ZeebeMappings {

  private final FeelEngineApi feel = FeelEngineBuilder.forJava().build();

  /** Thrown where Zeebe would raise an incident for the element. */
  static final class MappingException extends RuntimeException {
    MappingException(String message) {
      super(message);
    }
  }

  /** The local variables an element's input mappings create, in the given visible scope. */
  Map<String, Object> inputs(List<BpmnTask.Mapping> mappings, Map<String, Object> visible) {
    Map<String, Object> local = new LinkedHashMap<>();
    for (BpmnTask.Mapping mapping : mappings) {
      Map<String, Object> context = new LinkedHashMap<>(visible);
      context.putAll(local);
      Object value = value(mapping.source(), context, "input " + mapping.target());
      put(local, mapping.target(), value);
    }
    return local;
  }

  /** A static value or FEEL expression, as an attribute such as an input source holds it. */
  Object value(String source, Map<String, Object> variables, String what) {
    if (!source.startsWith("=")) {
      return source;
    }
    return evaluate(source.substring(1), variables, what);
  }

  Object evaluate(String expression, Map<String, Object> variables, String what) {
    EvaluationResult result = feel.evaluateExpression(expression, variables);
    if (!result.isSuccess()) {
      throw new MappingException(
          "failed to evaluate "
              + what
              + " '"
              + expression
              + "': "
              + (result instanceof FailedEvaluationResult failed
                  ? failed.failure().message()
                  : "no result"));
    }
    return result.result();
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> variables, String target, Object value) {
    String[] path = target.split("\\.");
    Map<String, Object> current = variables;
    for (int i = 0; i < path.length - 1; i++) {
      Object next = current.get(path[i]);
      Map<String, Object> nested =
          next instanceof Map<?, ?> map
              ? new LinkedHashMap<>((Map<String, Object>) map)
              : new LinkedHashMap<>();
      current.put(path[i], nested);
      current = nested;
    }
    current.put(path[path.length - 1], value);
  }
}
