package io.github.synthflowconnector;

/**
 * The {@code error.code} values a BPMN error event or an error expression can match on. Only
 * failures that may heal on their own are retried; everything else needs a person or a process
 * decision, so it raises an incident at once (or a BPMN error, through the error expression).
 */
enum ErrorCode {
  INVALID_INPUT(false),
  UNAUTHORIZED(false),
  FORBIDDEN(false),
  NOT_FOUND(false),
  BAD_REQUEST(false),
  RATE_LIMITED(true),
  SERVER_ERROR(true),
  TIMEOUT(true),
  CONNECTION_FAILED(true),
  UNEXPECTED_RESPONSE(false);

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  boolean retryable() {
    return retryable;
  }
}
