package io.github.synthflowconnector;

import io.github.synthflowconnector.runtime.JobOutcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The fake API key of the hostile suites, and the ways it could surface. */
final class HostileSecrets {

  /**
   * Fake, never valid anywhere. Contains '/', '+' and '=' like base64 keys do, so that its JSON and
   * URL encodings differ from the raw text and each is checked separately.
   */
  static final String KEY = "sk_live_h0stile/T3st+K3y=9f2c7a41";

  static final String SECRET_NAME = "SYNTHFLOW_API_KEY";

  private HostileSecrets() {}

  /** Raw, JSON-escaped and percent-encoded (upper and lower case hex). */
  static Set<String> formsOf(String secret) {
    Objects.requireNonNull(secret, "secret");
    Set<String> forms = new LinkedHashSet<>();
    forms.add(secret);
    forms.add(secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("/", "\\/"));
    String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    forms.add(encoded);
    forms.add(lowerHex(encoded));
    return forms;
  }

  /** Which forms of the key the text contains; empty when none. */
  static List<String> foundIn(String text) {
    List<String> found = new ArrayList<>();
    if (text == null) {
      return found;
    }
    String lowerCase = text.toLowerCase(Locale.ROOT);
    for (String form : formsOf(KEY)) {
      // Hex digits of a percent-encoded form may come in any case, even mixed in one string.
      boolean percentEncoded = form.contains("%");
      if (percentEncoded
          ? lowerCase.contains(form.toLowerCase(Locale.ROOT))
          : text.contains(form)) {
        found.add(form.equals(KEY) ? "raw key" : "encoded key " + mask(form, Set.of(form)));
      }
    }
    return found;
  }

  /** Everything the runtime would send to Zeebe or show in Operate for this job. */
  static String everythingVisible(JobOutcome outcome) {
    return String.valueOf(outcome.variables())
        + '\n'
        + outcome.errorMessage()
        + '\n'
        + outcome.bpmnErrorCode()
        + '\n'
        + String.join("\n", outcome.commands());
  }

  static String mask(String text, Collection<String> secrets) {
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, "<KEY>");
    }
    return masked;
  }

  private static String lowerHex(String encoded) {
    StringBuilder out = new StringBuilder(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        out.append('%').append(encoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
