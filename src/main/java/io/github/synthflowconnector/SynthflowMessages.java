package io.github.synthflowconnector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Synthflow's answer bodies. Their error shape is undocumented, so this looks in the places
 * APIs usually put a message and falls back to the raw text.
 */
final class SynthflowMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Where APIs put an error message, searched in this order. Package-private, like the patterns
   * below, because the no-install template's FEEL error expression is generated from them.
   */
  static final List<String> MESSAGE_FIELDS =
      List.of(
          "detail",
          "message",
          "error",
          "error_message",
          "errors",
          "description",
          "msg",
          "response");

  /**
   * What a message may call the phone number: "phone number", "phone_number", "number", "phone".
   * Letters around it, not word boundaries, delimit it, so that "phone_number_slug" still counts.
   */
  private static final String NUMBER = "(?<![a-z])(?:phone(?:[\\s_-]*numbers?)?|numbers?)(?![a-z])";

  /** Absence said after its subject: "... not found", "... does not exist". */
  private static final String ABSENT_AFTER =
      "(?:not\\s+(?:be\\s+)?found|does\\s*n[o']?t\\s+exist|not\\s+exists?"
          + "|(?:could|can)\\s*(?:not|n't)\\s+be\\s+found)";

  /** Absence said before its subject: "no such ...", "unknown ...", "could not find ...". */
  private static final String ABSENT_WORDS =
      "(?:no\\s+such|unknown|(?:could|can)\\s*(?:not|n't)\\s+find)";

  /** {@link #ABSENT_WORDS} up to where its subject starts. */
  private static final String ABSENT_BEFORE =
      ABSENT_WORDS + "\\s+(?:(?:such|the|this|that|an?)\\s+)?";

  /**
   * Everything else Synthflow, a gateway or a proxy could report missing. A message that says one
   * of these is missing is about that, even if it also names the number ("Agent for number not
   * found").
   */
  private static final String OTHER_ENTITY =
      "(?<![a-z])(?:workspace|agent|assistant|route|endpoint|path|url|uri|account|subaccount"
          + "|user|key|token|model|subscription|organi[sz]ation|team|project|voice|action"
          + "|contact|campaign|call|resource|page|host|service|method|version)s?(?![a-z])";

  /*
   * The "number not found" rule, one clause a line. Package-private, like MESSAGE_FIELDS, because
   * the no-install template's FEEL error expression is generated from these very patterns.
   */

  /**
   * Clause 1, the number is said not to exist: "Phone number not found", "The phone number +1415...
   * was not found", "No such phone number", "Unknown phone number", "Could not find number
   * 1415...", "No phone number found". A bare "no" before the number is not enough: "No phone
   * number provided" is a validation error.
   */
  static final String NUMBER_ABSENT_REGEX =
      NUMBER
          + ".{0,80}?"
          + ABSENT_AFTER
          + "|"
          + ABSENT_BEFORE
          + NUMBER
          + "|(?<![a-z])no\\s+"
          + NUMBER
          + "\\s+(?:was\\s+|is\\s+)?(?:found|exists?)";

  /**
   * Clause 2, nothing else is said missing: no other thing named before an absence ("Agent of phone
   * number 1415 not found", "Route DELETE /v2/numbers/1415 not found") and no absence said of
   * another thing ("Unknown workspace"). A place named after the absence only says where the number
   * was looked for ("Phone number 1415 not found for this account", "... does not exist in
   * workspace ws_42"): still evidence.
   */
  static final String OTHER_ABSENT_REGEX =
      OTHER_ENTITY + ".{0,80}?" + ABSENT_AFTER + "|" + ABSENT_BEFORE + OTHER_ENTITY;

  private static final Pattern NUMBER_ABSENT =
      Pattern.compile(NUMBER_ABSENT_REGEX, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Pattern OTHER_ABSENT =
      Pattern.compile(OTHER_ABSENT_REGEX, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** "Something is missing", about anything: worth telling the operator what exactly. */
  private static final Pattern SAYS_MISSING =
      Pattern.compile(ABSENT_AFTER + "|" + ABSENT_WORDS, Pattern.CASE_INSENSITIVE);

  /** The bare "Not Found" a router answers with when it has nothing more to say. */
  static final String GENERIC_NOT_FOUND_REGEX = "\\s*not\\s+found\\.?\\s*";

  private static final Pattern GENERIC_NOT_FOUND =
      Pattern.compile(GENERIC_NOT_FOUND_REGEX, Pattern.CASE_INSENSITIVE);

  private SynthflowMessages() {}

  /** The {@code status} string of a success body, if there is one. */
  static Optional<String> status(String body) {
    JsonNode node = parse(body);
    JsonNode status = node == null ? null : node.get("status");
    return status != null && status.isTextual() && !status.asText().isBlank()
        ? Optional.of(status.asText())
        : Optional.empty();
  }

  /** The most specific message in an error body, or the body itself; never null. */
  static String message(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    JsonNode node = parse(body);
    if (node != null) {
      String found = find(node, 0);
      if (found != null) {
        return found;
      }
    }
    return body.strip();
  }

  /**
   * The message of a JSON object body: empty when the object has none (or a blank one), absent when
   * the body is not a JSON object at all (an HTML or text page, a bare JSON string or array, a body
   * cut at the size cap). Only a JSON object is Synthflow's shape.
   */
  static Optional<String> jsonMessage(String body) {
    JsonNode node = parse(body);
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    String found = find(node, 0);
    return Optional.of(found == null ? "" : found.strip());
  }

  /** Whether the message says the phone number, and nothing else, does not exist. */
  static boolean saysNumberNotFound(String message) {
    return message != null
        && NUMBER_ABSENT.matcher(message).find() // clause 1
        && !OTHER_ABSENT.matcher(message).find(); // clause 2
  }

  /** Whether the message is a bare "Not Found" that names nothing at all. */
  static boolean isGenericNotFound(String message) {
    return message != null && GENERIC_NOT_FOUND.matcher(message).matches();
  }

  /** Whether the message says that something, whatever it is, is missing. */
  static boolean saysSomethingMissing(String message) {
    return message != null && SAYS_MISSING.matcher(message).find();
  }

  private static String find(JsonNode node, int depth) {
    if (depth > 3 || node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText().isBlank() ? null : node.asText();
    }
    if (node.isArray()) {
      return node.isEmpty() ? null : find(node.get(0), depth + 1);
    }
    if (node.isObject()) {
      for (String field : MESSAGE_FIELDS) {
        String found = find(node.get(field), depth + 1);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception e) { // not JSON, or cut at the size cap: the raw text is the message
      return null;
    }
  }
}
