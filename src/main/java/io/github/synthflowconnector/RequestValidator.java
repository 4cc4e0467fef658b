package io.github.synthflowconnector;

import io.github.synthflowconnector.model.Authentication;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import io.github.synthflowconnector.model.InputRules;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every input before anything is sent and resolves it into a {@link DeletionTarget}. The
 * single place where inputs are judged, so that every problem carries the same error code and a
 * message that names the field and what it expects.
 */
final class RequestValidator {

  /** System property that raises (or lowers) {@link #MAX_CALL_SECONDS}; wins over the variable. */
  static final String MAX_CALL_SECONDS_PROPERTY = "synthflow.connector.maxCallSeconds";

  /** Environment variable that raises (or lowers) {@link #MAX_CALL_SECONDS}. */
  static final String MAX_CALL_SECONDS_ENV = "SYNTHFLOW_CONNECTOR_MAX_CALL_SECONDS";

  /**
   * The limit every task's connect plus read timeout is checked against: read once per runtime, for
   * runtimes whose job timeout was raised (and raised together with it).
   */
  static final int MAX_CALL_SECONDS =
      maxCallSeconds(
          System.getProperty(MAX_CALL_SECONDS_PROPERTY), System.getenv(MAX_CALL_SECONDS_ENV));

  private static final Logger LOG = LoggerFactory.getLogger(RequestValidator.class);

  /** "us, eu, global or custom": listed from {@link Region}, so a new region appears here too. */
  static final String REGION_CHOICES = regionChoices();

  private RequestValidator() {}

  /** Validates against the runtime's {@link BaseUrlPolicy}. */
  static DeletionTarget validate(DeletePhoneNumberRequest request) {
    return validate(request, BaseUrlPolicy.runtime());
  }

  /** Validates a custom base URL against {@code policy}, where the API key may be sent. */
  static DeletionTarget validate(DeletePhoneNumberRequest request, BaseUrlPolicy policy) {
    if (request == null) {
      throw new InvalidInputException("input", "is missing: the task has no input variables");
    }
    String apiKey = apiKey(request.authentication());
    Region region = region(request.region());
    URI apiRoot = region.apiRoot().orElseGet(() -> customApiRoot(request.baseUrl(), policy));
    String slug = PhoneNumberSlug.from(request.phoneNumber());
    boolean succeedIfNotFound = succeedIfNotFound(request.ifNotFound());
    Duration connectTimeout =
        seconds(
            "connectionTimeoutInSeconds",
            request.connectionTimeoutInSeconds(),
            InputRules.DEFAULT_CONNECT_TIMEOUT_SECONDS,
            InputRules.MAX_CONNECT_TIMEOUT_SECONDS);
    Duration readTimeout =
        seconds(
            "readTimeoutInSeconds",
            request.readTimeoutInSeconds(),
            InputRules.DEFAULT_READ_TIMEOUT_SECONDS,
            InputRules.MAX_READ_TIMEOUT_SECONDS);
    checkCallFitsJobTimeout(connectTimeout, readTimeout, MAX_CALL_SECONDS);
    URI uri = URI.create(apiRoot + "/numbers/" + slug);
    return new DeletionTarget(
        uri, slug, region.id(), apiKey, succeedIfNotFound, connectTimeout, readTimeout);
  }

  /**
   * Rejects timeouts whose sum could outlive the job timeout, rather than cutting the call short
   * silently: the modeler sees which fields to change, and a task never runs with other timeouts
   * than the ones its diagram shows.
   */
  static void checkCallFitsJobTimeout(Duration connect, Duration read, int maxCallSeconds) {
    long total = connect.toSeconds() + read.toSeconds();
    if (total > maxCallSeconds) {
      throw new InvalidInputException(
          "connectionTimeoutInSeconds + readTimeoutInSeconds",
          "must be at most "
              + maxCallSeconds
              + " seconds together (here "
              + connect.toSeconds()
              + " + "
              + read.toSeconds()
              + " = "
              + total
              + "): the call must end before the connector runtime's job timeout (5 minutes by"
              + " default), or Zeebe hands the job to another worker while the deletion is still"
              + " running. Lower one of them, or raise "
              + MAX_CALL_SECONDS_ENV
              + " together with the runtime's job timeout");
    }
  }

  /** The configured limit, or the default when none (or no usable number) is configured. */
  static int maxCallSeconds(String property, String environment) {
    String value = property != null ? property : environment;
    String source = property != null ? MAX_CALL_SECONDS_PROPERTY : MAX_CALL_SECONDS_ENV;
    if (value == null || value.isBlank()) {
      return InputRules.DEFAULT_MAX_CALL_SECONDS;
    }
    try {
      int seconds = Integer.parseInt(value.strip());
      if (seconds >= 2) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    LOG.warn(
        "{} must be a whole number of seconds of at least 2; using the default of {} s",
        source,
        InputRules.DEFAULT_MAX_CALL_SECONDS);
    return InputRules.DEFAULT_MAX_CALL_SECONDS;
  }

  private static String apiKey(Authentication authentication) {
    String field = "authentication.apiKey";
    String key = authentication == null ? null : authentication.apiKey();
    if (key == null || key.isBlank()) {
      throw new InvalidInputException(
          field, "is required: reference a connector secret, e.g. {{secrets.SYNTHFLOW_API_KEY}}");
    }
    key = key.strip();
    if (key.contains("{{secrets.") || key.startsWith("secrets.")) {
      throw new InvalidInputException(
          field,
          "references a secret the runtime could not resolve: create the connector secret"
              + " (e.g. SYNTHFLOW_API_KEY) in the cluster or runtime, with exactly that name");
    }
    if (key.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new InvalidInputException(
          field, "must be the key alone: remove the 'Bearer ' prefix, the connector adds it");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidInputException(
            field,
            "contains whitespace, control or non-ASCII characters, which an HTTP header cannot"
                + " carry: check the secret's value");
      }
    }
    return key;
  }

  private static Region region(String value) {
    String expected = REGION_CHOICES;
    if (value == null || value.isBlank()) {
      throw new InvalidInputException("region", "is required: one of " + expected);
    }
    return Region.fromId(value.strip().toLowerCase(Locale.ROOT))
        .orElseThrow(() -> new InvalidInputException("region", "must be one of " + expected));
  }

  private static String regionChoices() {
    Region[] regions = Region.values();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < regions.length; i++) {
      text.append(i == 0 ? "" : i == regions.length - 1 ? " or " : ", ").append(regions[i].id());
    }
    return text.toString();
  }

  private static URI customApiRoot(String value, BaseUrlPolicy policy) {
    String field = "baseUrl";
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(
          field, "is required when region is custom: the API root, e.g. https://host/v2");
    }
    ApiRoot root = ApiRoot.parse(value, field);
    policy.check(root, field);
    return root.toUri();
  }

  private static boolean succeedIfNotFound(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "fail" -> false;
      case "succeed" -> true;
      default -> throw new InvalidInputException("ifNotFound", "must be fail or succeed");
    };
  }

  private static Duration seconds(String field, Object value, int defaultSeconds, int max) {
    if (value == null || (value instanceof String text && text.isBlank())) {
      return Duration.ofSeconds(defaultSeconds);
    }
    String expected = "must be a whole number of seconds from 1 to " + max;
    BigDecimal number;
    try {
      number =
          value instanceof Number n
              ? new BigDecimal(n.toString())
              : new BigDecimal(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, expected);
    }
    if (number.signum() <= 0
        || number.compareTo(BigDecimal.valueOf(max)) > 0
        || number.stripTrailingZeros().scale() > 0) {
      throw new InvalidInputException(field, expected);
    }
    return Duration.ofSeconds(number.intValueExact());
  }
}
