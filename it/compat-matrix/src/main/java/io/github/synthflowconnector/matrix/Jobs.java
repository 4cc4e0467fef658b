package io.github.synthflowconnector.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Activated jobs as the broker would hand them to the worker, for one task of a process. */
final class Jobs {

  private static final AtomicLong KEYS = new AtomicLong(2251799813685249L);

  private Jobs() {}

  /**
   * A job of {@code type} with the given variables, task headers and retries. Any other getter a
   * runtime version adds answers null (or 0/false): the handler must not need it for these cases.
   */
  static ActivatedJob job(
      ObjectMapper json,
      String type,
      Map<String, Object> variables,
      Map<String, String> headers,
      int retries) {
    String variablesJson;
    try {
      variablesJson = json.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    long key = KEYS.incrementAndGet();
    long deadline = System.currentTimeMillis() + 300_000;
    return (ActivatedJob)
        Proxy.newProxyInstance(
            Jobs.class.getClassLoader(),
            new Class<?>[] {ActivatedJob.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getKey" -> key;
                  case "getType" -> type;
                  case "getTenantId" -> "<default>";
                  case "getBpmnProcessId" -> "offboarding";
                  case "getElementId" -> "DeleteSynthflowNumber";
                  case "getProcessInstanceKey" -> key - 1;
                  case "getProcessDefinitionKey" -> 1L;
                  case "getProcessDefinitionVersion" -> 1;
                  case "getElementInstanceKey" -> key - 2;
                  case "getRetries" -> retries;
                  case "getDeadline" -> deadline;
                  case "getWorker" -> "compat-matrix";
                  case "getVariables", "toJson" -> variablesJson;
                  case "getVariablesAsMap" -> Collections.unmodifiableMap(variables);
                  case "getCustomHeaders" -> Map.copyOf(headers);
                  case "hashCode" -> Long.hashCode(key);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "job " + key + " of type " + type;
                  default -> defaultValue(method.getReturnType());
                });
  }

  private static Object defaultValue(Class<?> type) {
    if (!type.isPrimitive() || type == void.class) {
      return null;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == char.class) {
      return '\0';
    }
    if (type == double.class) {
      return 0d;
    }
    if (type == float.class) {
      return 0f;
    }
    return type == short.class ? (short) 0 : (byte) 0;
  }
}
