package io.github.synthflowconnector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Synthflow's answer bodies. Their error shape is undocumented, so this looks in the places
 * APIs usually put a message and falls back to the raw text.
 */
final class SynthflowMessages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String[] MESSAGE_FIELDS = {
    "detail", "message", "error", "error_message", "errors", "description", "msg", "response"
  };

  /** Phrases with which an API says "there is no such number" on a 400. */
  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "not\\s+found|does\\s*n[o']t\\s+exist|doesn't\\s+exist|not\\s+exist|no\\s+such"
              + "|unknown\\s+(phone\\s+)?number|no\\s+(phone\\s+)?number\\s+(found|with)",
          Pattern.CASE_INSENSITIVE);

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

  static boolean saysNotFound(String message) {
    return message != null && NOT_FOUND.matcher(message).find();
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
