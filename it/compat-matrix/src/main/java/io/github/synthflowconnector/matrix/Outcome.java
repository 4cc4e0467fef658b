package io.github.synthflowconnector.matrix;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The command the job handler sent to Zeebe for one job, as Zeebe would receive it.
 *
 * @param kind complete, fail or throw-error
 * @param variables the command's variables, round-tripped through JSON as the client sends them
 * @param retries the retries of a fail command
 * @param retryBackoff the backoff of a fail command, null when the handler set none
 * @param errorMessage the message of a fail or throw-error command
 * @param commands every builder call, in order
 */
public record Outcome(
    Kind kind,
    Map<String, Object> variables,
    Integer retries,
    Duration retryBackoff,
    String errorMessage,
    List<String> commands) {

  public enum Kind {
    COMPLETED,
    FAILED,
    BPMN_ERROR
  }

  /** The connector's {@code error.code}, as the handler put it into the fail command. */
  public Object connectorErrorCode() {
    return variables != null && variables.get("error") instanceof Map<?, ?> error
        ? error.get("code")
        : null;
  }
}
