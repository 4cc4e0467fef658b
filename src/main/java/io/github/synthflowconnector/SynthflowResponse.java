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
   * Whether the answer is positive evidence that the phone number does not exist. The one rule for
   * both {@code ifNotFound} outcomes; anything it does not accept stays an error, because treating
   * a wrong workspace, key or base URL as "already gone" would mark numbers deleted that are still
   * there and still billed.
   *
   * <ul>
   *   <li>A 404 in Synthflow's shape: an empty body, or a JSON object whose message is blank, a
   *       bare "Not Found", or about the number. A 404 page that is not JSON comes from something
   *       in front of the API (a wrong base URL), never from Synthflow's number lookup.
   *   <li>Any other 4xx but 401, 403 and 429 whose JSON message says the number does not exist.
   * </ul>
   */
  boolean numberNotFound() {
    if (statusCode == 404 && (body == null || body.isBlank())) {
      return true;
    }
    // 401, 403 and 429 say nothing about the number, whatever their message claims.
    if (statusCode < 400
        || statusCode > 499
        || statusCode == 401
        || statusCode == 403
        || statusCode == 429) {
      return false;
    }
    Optional<String> message = SynthflowMessages.jsonMessage(body);
    if (message.isEmpty()) {
      return false;
    }
    String text = message.get();
    if (statusCode == 404 && (text.isEmpty() || SynthflowMessages.isGenericNotFound(text))) {
      return true;
    }
    return SynthflowMessages.saysNumberNotFound(text);
  }
}
