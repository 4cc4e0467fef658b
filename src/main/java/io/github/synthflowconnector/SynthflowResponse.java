package io.github.synthflowconnector;

import java.util.Optional;

/**
 * What Synthflow answered, read within bounds.
 *
 * @param statusCode the HTTP status
 * @param body the body decoded as UTF-8 (invalid bytes replaced), at most {@link
 *     SynthflowHttpClient#MAX_BODY_BYTES}
 * @param retryAfter the raw {@code Retry-After} header, if any
 * @param location the raw {@code Location} header of a redirect, if any
 */
record SynthflowResponse(
    int statusCode, String body, Optional<String> retryAfter, Optional<String> location) {

  /**
   * Whether Synthflow says the number does not exist: a 404, or (undocumented, but what the API
   * does) a 400 whose message says so. The one rule for both {@code ifNotFound} outcomes.
   */
  boolean numberNotFound() {
    return statusCode == 404
        || (statusCode == 400 && SynthflowMessages.saysNotFound(SynthflowMessages.message(body)));
  }
}
