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
        masked = replaceAll(masked, form);
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
    return List.of(apiKey, jsonEscaped, percentEncoded);
  }

  /**
   * A percent-encoded form is matched ignoring case, because its hex digits may come in either
   * case, even mixed in one string ({@code %2f...%3D}). Ignoring the case of the key's letters as
   * well only ever masks more.
   */
  private static boolean ignoreCase(String form) {
    return form.indexOf('%') >= 0;
  }

  private static String replaceAll(String text, String form) {
    boolean ignoreCase = ignoreCase(form);
    int at = indexOf(text, form, 0, ignoreCase);
    if (at < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (; at >= 0; at = indexOf(text, form, from, ignoreCase)) {
      out.append(text, from, at).append(MASK);
      from = at + form.length();
    }
    return out.append(text, from, text.length()).toString();
  }

  private static int indexOf(String text, String form, int from, boolean ignoreCase) {
    if (!ignoreCase) {
      return text.indexOf(form, from);
    }
    if (text.indexOf('%', from) < 0) {
      return -1; // the usual case: nothing percent-encoded at all
    }
    for (int i = from; i <= text.length() - form.length(); i++) {
      if (text.regionMatches(true, i, form, 0, form.length())) {
        return i;
      }
    }
    return -1;
  }

  private static String maskTrailingPart(String text, String key) {
    boolean ignoreCase = ignoreCase(key);
    for (int n = Math.min(key.length() - 1, text.length()); n >= MIN_PARTIAL_KEY; n--) {
      if (text.regionMatches(ignoreCase, text.length() - n, key, 0, n)) {
        return text.substring(0, text.length() - n) + MASK;
      }
    }
    return text;
  }
}
