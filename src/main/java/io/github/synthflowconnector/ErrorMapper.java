package io.github.synthflowconnector;

import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorExceptionBuilder;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * The one place that turns a failure into what the process sees: an {@code error.code}, a message
 * an operator can act on, {@code error.variables} for BPMN error handling, and whether and when
 * Zeebe retries.
 *
 * <p>Non-retryable failures are {@link ConnectorException}s whose cause is a {@link
 * ConnectorInputException}: the runtime then sets the job's retries to 0 (an incident, or a BPMN
 * error through the error expression) and still passes on the code and variables, which a {@link
 * ConnectorRetryException} cannot carry. Retryable ones are {@link ConnectorRetryException}s with
 * their own backoff, since the task's retry backoff may well be {@code PT0S}.
 */
final class ErrorMapper {

  /** Never retry sooner than this: a retry without pause would hammer a struggling API. */
  static final Duration MIN_RETRY_BACKOFF = Duration.ofSeconds(5);

  /** Longest wait taken from {@code Retry-After}: a broken header must not park a job for days. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final Clock clock;

  ErrorMapper(Clock clock) {
    this.clock = clock;
  }

  static ConnectorException invalidInput(InvalidInputException e) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("field", e.field());
    return fail(
        ErrorCode.INVALID_INPUT,
        "Invalid input: " + e.getMessage(),
        "",
        variables,
        MIN_RETRY_BACKOFF);
  }

  /** Maps a response that is neither a 2xx nor a tolerated "not found". */
  ConnectorException fromResponse(
      SynthflowResponse response, DeletionTarget target, Duration taskBackoff) {
    return fromResponse(response, target, taskBackoff, Duration.ZERO);
  }

  /**
   * As above; {@code notBefore} is how long the key's pace keeps every request back, so that a
   * retry does not come before its turn.
   */
  ConnectorException fromResponse(
      SynthflowResponse response, DeletionTarget target, Duration taskBackoff, Duration notBefore) {
    int status = response.statusCode();
    String synthflowMessage =
        Redactor.clean(SynthflowMessages.message(response.body()), target.apiKey());
    String said = synthflowMessage.isEmpty() ? "" : " Synthflow said: " + synthflowMessage;
    String number = "'" + target.slug() + "' in region " + target.region();
    Duration backoff = max(backoff(response, taskBackoff), notBefore);

    ErrorCode code;
    String message;
    if (status == 429 || (status >= 500 && status <= 599)) {
      boolean rateLimited = status == 429;
      code = rateLimited ? ErrorCode.RATE_LIMITED : ErrorCode.SERVER_ERROR;
      message =
          (rateLimited ? "Synthflow rate limit reached" : "Synthflow server error")
              + " (HTTP "
              + status
              + ") deleting "
              + number
              + ".";
    } else if (status == 401) {
      code = ErrorCode.UNAUTHORIZED;
      message =
          "Synthflow rejected the API key (HTTP 401). Check that the secret holds a current key"
              + " and that region '"
              + target.region()
              + "' is the workspace's region: a key only works in its own region.";
    } else if (status == 403) {
      code = ErrorCode.FORBIDDEN;
      message =
          "Synthflow refused to delete "
              + number
              + " (HTTP 403): the key may lack permission for this workspace or number, or"
              + " belong to another region.";
    } else if (response.numberNotFound()) {
      code = ErrorCode.NOT_FOUND;
      said = ""; // the message says it all
      message =
          "Phone number "
              + number
              + " does not exist in the Synthflow workspace (HTTP "
              + status
              + "). If it may already be deleted, set 'If the number does not exist' to succeed.";
    } else if (status == 404 && SynthflowMessages.jsonMessage(response.body()).isEmpty()) {
      code = ErrorCode.UNEXPECTED_RESPONSE;
      message =
          "HTTP 404 from "
              + target.uri().getHost()
              + " deleting "
              + number
              + ", but not in Synthflow's JSON shape: the page comes from something in front of"
              + " the API (a proxy, gateway or load balancer), so the base URL or region is"
              + " probably wrong. Nothing shows that the number is gone."
              + (synthflowMessage.isEmpty() ? "" : " The page said: " + synthflowMessage);
      said = "";
    } else if (status == 404
        || (isClientError(status) && SynthflowMessages.saysSomethingMissing(synthflowMessage))) {
      // Named, so that the operator sees what Synthflow could not find: typically a workspace or
      // an agent, meaning the key or the region does not match, not that the number is gone.
      code = ErrorCode.BAD_REQUEST;
      message =
          "Synthflow reported something missing other than the phone number while deleting "
              + number
              + " (HTTP "
              + status
              + "): \""
              + synthflowMessage
              + "\". Check the region, the base URL and the API key (a key only works for its own"
              + " workspace and region); the number is not treated as already deleted.";
      said = ""; // quoted above
    } else if (isClientError(status)) {
      code = ErrorCode.BAD_REQUEST;
      message = "Synthflow rejected the deletion of " + number + " (HTTP " + status + ").";
    } else if (status >= 300 && status <= 399) {
      code = ErrorCode.UNEXPECTED_RESPONSE;
      message =
          "Synthflow answered with a redirect (HTTP "
              + status
              + "), which is never followed because the API key would travel with it. Check the"
              + " region or base URL.";
    } else {
      code = ErrorCode.UNEXPECTED_RESPONSE;
      message = "Synthflow answered with unexpected HTTP status " + status + ".";
    }
    Map<String, Object> variables = httpVariables(status, target, synthflowMessage);
    if (status >= 300 && status <= 399) {
      response
          .location()
          .ifPresent(l -> variables.put("location", Redactor.clean(l, target.apiKey())));
    }
    return fail(code, message, said, variables, backoff);
  }

  /**
   * The key's pace held the request back until it could no longer be sent within the call's
   * deadline: earlier answers to this runtime said 429, and Synthflow was not asked again.
   */
  ConnectorException notSent(DeletionTarget target, Duration taskBackoff, Duration notBefore) {
    Duration backoff = RetryJitter.spread(max(MIN_RETRY_BACKOFF, max(taskBackoff, notBefore)));
    return fail(
        ErrorCode.RATE_LIMITED,
        "Synthflow rate limit reached for this API key (HTTP 429 to earlier requests): the"
            + " deletion of '"
            + target.slug()
            + "' in region "
            + target.region()
            + " was not sent, its turn would come after the call's deadline"
            + " (connection plus read timeout).",
        "",
        new LinkedHashMap<>(),
        backoff);
  }

  /** Maps a failure to reach Synthflow or to read its answer. */
  ConnectorException fromTransport(IOException e, DeletionTarget target, Duration taskBackoff) {
    Duration backoff = max(MIN_RETRY_BACKOFF, taskBackoff);
    String host = target.uri().getHost();
    String uncertain =
        " The number may or may not have been deleted; a retry reports NOT_FOUND if it was,"
            + " unless 'If the number does not exist' is succeed.";
    ErrorCode code;
    String message;
    // Socket, connect and pool-lease timeouts and our own deadline are all InterruptedIOExceptions.
    if (e instanceof InterruptedIOException) {
      code = ErrorCode.TIMEOUT;
      message =
          e instanceof ConnectTimeoutException
              ? "Timed out connecting to "
                  + host
                  + " after "
                  + target.connectTimeout().toSeconds()
                  + " s."
              : "No complete answer from " + host + " in time (" + describe(e) + ")." + uncertain;
    } else {
      String reason;
      if (e instanceof UnknownHostException) {
        reason = "the host name " + host + " could not be resolved.";
      } else if (e instanceof SSLException) {
        reason = "the TLS handshake with " + host + " failed.";
      } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
        reason = "the connection to " + host + " was refused or unreachable.";
      } else {
        reason = "the connection to " + host + " broke (" + describe(e) + ")." + uncertain;
      }
      code = ErrorCode.CONNECTION_FAILED;
      message = "Could not reach Synthflow: " + reason;
    }
    return fail(code, message, "", new LinkedHashMap<>(), backoff);
  }

  private Duration backoff(SynthflowResponse response, Duration taskBackoff) {
    Duration retryAfter =
        RetryAfter.parse(response.retryAfter(), clock)
            .map(d -> d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d)
            .orElse(Duration.ZERO);
    return max(MIN_RETRY_BACKOFF, max(taskBackoff, retryAfter));
  }

  private static boolean isClientError(int status) {
    return status >= 400 && status <= 499;
  }

  /** The longer of two waits; a task without a retry backoff header contributes null. */
  private static Duration max(Duration a, Duration b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Exception class names only: transport messages can carry addresses, never the key. */
  private static String describe(IOException e) {
    return e.getClass().getSimpleName();
  }

  private static Map<String, Object> httpVariables(
      int status, DeletionTarget target, String synthflowMessage) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("httpStatus", status);
    variables.put("phoneNumberSlug", target.slug());
    variables.put("region", target.region());
    variables.put("synthflowMessage", synthflowMessage);
    return variables;
  }

  /**
   * The one place where retry-or-not is decided: from {@link ErrorCode#retryable()}, so that
   * changing a code's flag changes what every failure with that code does.
   */
  private static ConnectorException fail(
      ErrorCode code, String what, String said, Map<String, Object> variables, Duration backoff) {
    String message =
        what + (code.retryable() ? " Retrying in " + backoff.toSeconds() + " s." : "") + said;
    if (code.retryable()) {
      // A retry carries no error variables: the runtime's retry exception has no room for them.
      return ConnectorRetryException.builder()
          .errorCode(code.name())
          .message(message)
          .backoffDuration(backoff)
          .build();
    }
    return new ConnectorExceptionBuilder()
        .errorCode(code.name())
        .message(message)
        .errorVariables(variables)
        .cause(new NotRetryable(message))
        .build();
  }

  /** Marks a failure as final for the runtime, which then sets the job's retries to 0. */
  static final class NotRetryable extends ConnectorInputException {
    NotRetryable(String message) {
      super(message);
    }
  }
}
