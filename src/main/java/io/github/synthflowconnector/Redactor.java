package io.github.synthflowconnector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Makes server- or user-supplied text safe to put into an incident, a log line or a process
 * variable: the key is masked wherever it appears (servers do echo the Authorization header back),
 * control characters and runs of whitespace become one space, and the length is capped.
 */
final class Redactor {

  static final String MASK = "***";
  static final int MAX_LENGTH = 500;

  /** Shorter fragments of a key say nothing about it, and masking them would garble messages. */
  static final int MIN_PARTIAL_KEY = 4;

  private Redactor() {}

  static String clean(String text, String apiKey) {
    if (text == null) {
      return null;
    }
    String masked = text;
    if (apiKey != null && !apiKey.isEmpty()) {
      List<String> forms = formsOf(apiKey);
      for (String form : forms) {
        masked = masked.replace(form, MASK);
      }
      // A body cut at the size cap can end in the first part of the key.
      for (String form : forms) {
        masked = maskTrailingPart(masked, form);
      }
    }
    StringBuilder out = new StringBuilder(Math.min(masked.length(), MAX_LENGTH + 16));
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
          out.append(' ');
        }
      } else {
        out.append(c);
      }
    }
    String cleaned = out.toString().strip();
    // Masking happens before the cut, so a cut can never expose part of a key.
    return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) + "…" : cleaned;
  }

  /** The key as it appears raw, inside a JSON string, and percent-encoded in a URL. */
  private static List<String> formsOf(String apiKey) {
    String jsonEscaped = apiKey.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
    String percentEncoded = URLEncoder.encode(apiKey, StandardCharsets.UTF_8);
    StringBuilder lowerHex = new StringBuilder(percentEncoded);
    for (int i = percentEncoded.indexOf('%'); i >= 0; i = percentEncoded.indexOf('%', i + 1)) {
      for (int j = i + 1; j < Math.min(i + 3, lowerHex.length()); j++) {
        lowerHex.setCharAt(j, Character.toLowerCase(lowerHex.charAt(j)));
      }
    }
    return List.of(apiKey, jsonEscaped, percentEncoded, lowerHex.toString());
  }

  private static String maskTrailingPart(String text, String key) {
    for (int n = Math.min(key.length() - 1, text.length()); n >= MIN_PARTIAL_KEY; n--) {
      if (text.regionMatches(text.length() - n, key, 0, n)) {
        return text.substring(0, text.length() - n) + MASK;
      }
    }
    return text;
  }
}
