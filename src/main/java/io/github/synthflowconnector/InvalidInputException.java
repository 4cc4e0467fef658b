package io.github.synthflowconnector;

import java.util.Objects;

/**
 * A task input that cannot be used. Thrown before any request is made and turned into the {@code
 * INVALID_INPUT} error by {@link ErrorMapper}. Messages never quote the value: it may be a key.
 */
final class InvalidInputException extends RuntimeException {

  private final String field;
  private final String problem;

  InvalidInputException(String field, String problem) {
    super(
        Objects.requireNonNull(field, "field") + " " + Objects.requireNonNull(problem, "problem"));
    this.field = field;
    this.problem = problem;
  }

  /** What is wrong, without the field's name: for a caller that reports it under another name. */
  String problem() {
    return problem;
  }

  String field() {
    return field;
  }
}
