package io.github.synthflowconnector;

/**
 * Makes server- or user-supplied text safe to put into an incident, a log line or a process
 * variable: the key is masked wherever it appears (servers do echo the Authorization header back),
 * control characters and runs of whitespace become one space, and the length is capped.
 */
final class Redactor {

  static final String MASK = "***";
  static final int MAX_LENGTH = 500;

  private Redactor() {}

  static String clean(String text, String apiKey) {
    if (text == null) {
      return null;
    }
    String masked = text;
    if (apiKey != null && !apiKey.isEmpty()) {
      masked = masked.replace(apiKey, MASK);
      // The same key as it would appear inside a JSON string.
      String jsonEscaped = apiKey.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/");
      masked = masked.replace(jsonEscaped, MASK);
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
}
