package io.github.synthflowconnector.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The command a connector runtime sent to Zeebe for one job, as Zeebe would receive it.
 *
 * @param kind complete, fail or throw-error
 * @param variables the variables of the command (result variables, or error variables)
 * @param retries the retries of a fail command
 * @param retryBackoff the backoff of a fail command, null when the runtime set none
 * @param errorMessage the message of a fail or throw-error command
 * @param bpmnErrorCode the code of a throw-error command
 * @param commands every builder call, in order, for assertions on the exact command
 */
public record JobOutcome(
    Kind kind,
    Map<String, Object> variables,
    Integer retries,
    Duration retryBackoff,
    String errorMessage,
    String bpmnErrorCode,
    List<String> commands) {

  public enum Kind {
    COMPLETED,
    FAILED,
    BPMN_ERROR
  }

  /** The {@code error.code} the connector raised, as the runtime put it in the variables. */
  @SuppressWarnings("unchecked")
  public String connectorErrorCode() {
    Object error = variables == null ? null : variables.get("error");
    return error instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("code") : null;
  }

  /** The {@code error.variables} the connector raised. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> connectorErrorVariables() {
    Object error = variables == null ? null : variables.get("error");
    return error instanceof Map<?, ?> map
        ? (Map<String, Object>) ((Map<String, Object>) map).get("variables")
        : null;
  }
}
