package io.github.synthflowconnector;

import io.camunda.connector.api.error.ConnectorInputException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the connector runtime's "secret not available" failure, which it raises from {@code
 * bindVariables} while replacing {@code {{secrets.NAME}}} references, so that a missing secret (the
 * most common setup mistake) reaches the operator as exactly that instead of as a binding problem.
 *
 * <p>Runtime 8.8 throws a plain {@link ConnectorInputException} from its secret handler, without a
 * cause, with the message {@code Secret with name 'NAME' is not available}. The exception is told
 * apart from binding failures (which always carry Jackson's exception as their cause) by where it
 * was thrown: the runtime's secret package. The name comes from the message; it names the secret,
 * never its value, which the runtime does not have.
 */
final class UnresolvedSecret {

  /** Where runtime 8.8 resolves secrets ({@code SecretHandler}, {@code SecretUtil}). */
  static final String RUNTIME_SECRET_PACKAGE = "io.camunda.connector.runtime.core.secret.";

  private static final Pattern RUNTIME_MESSAGE =
      Pattern.compile("Secret with name '([^']*)' is not available");

  /** The characters a secret name can have in a {@code secrets.NAME} reference. */
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,128}");

  private UnresolvedSecret() {}

  /** The input problem to report, if the runtime failed to resolve a secret. */
  static Optional<InvalidInputException> from(ConnectorInputException e) {
    if (e.getCause() != null || !thrownByRuntimeSecretHandling(e)) {
      return Optional.empty();
    }
    Matcher matcher = RUNTIME_MESSAGE.matcher(String.valueOf(e.getMessage()));
    String name = matcher.matches() ? matcher.group(1).strip() : "";
    boolean named = PLAIN_NAME.matcher(name).matches();
    return Optional.of(
        new InvalidInputException(
            named ? "secrets." + name : "secrets",
            "could not be resolved: the connector runtime has no secret "
                + (named ? "named " + name : "of the name the task references")
                + ". Create it with exactly that name (SaaS: Console > Cluster > Connector"
                + " secrets; Self-Managed: an environment variable of the connector runtime, with"
                + " the runtime's secret prefix), then retry the incident."));
  }

  private static boolean thrownByRuntimeSecretHandling(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith(RUNTIME_SECRET_PACKAGE)) {
        return true;
      }
    }
    return false;
  }
}
