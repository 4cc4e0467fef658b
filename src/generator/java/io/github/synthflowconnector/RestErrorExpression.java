package io.github.synthflowconnector;

import static io.github.synthflowconnector.RestTemplateGenerator.feel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The no-install template's error expression: Camunda's REST connector reports a failed call as
 * {@code error.code} = the HTTP status and {@code error.variables.response} = its headers and body,
 * and a successful one as {@code status}, {@code headers}, {@code body}. This FEEL turns both into
 * this connector's {@code error.code} vocabulary, its retries and backoff, and its "number not
 * found" evidence rule, through the runtime's {@code jobError} and {@code bpmnError}.
 *
 * <p>The expression lives in a task header, so it cannot see the task's inputs: the two modeler
 * choices it depends on are baked in, one expression per combination.
 */
final class RestErrorExpression {

  static final String PHONE_NUMBER_INVALID =
      "Invalid input: phoneNumber must be an E.164 phone number such as +14155550123 ("
          + PhoneNumberSlug.MIN_E164_DIGITS
          + " to "
          + PhoneNumberSlug.MAX_E164_DIGITS
          + " digits starting with the country code, no (0) trunk prefix; spaces, dashes, dots"
          + " and parentheses allowed) or a slug of 1 to 64 letters, digits, '_' or '-'."
          + " Nothing was sent to Synthflow.";

  static final String BASE_URL_INVALID =
      "Invalid input: baseUrl must be the API root such as https://host/v2 when region is custom"
          + " (https only, http only to localhost; no credentials, query or fragment), and region"
          + " one of "
          + RequestValidator.REGION_CHOICES
          + ". Nothing was sent to Synthflow.";

  private RestErrorExpression() {}

  /**
   * @param succeedIfNotFound the modeler chose "succeed": a missing number throws {@link
   *     RestTemplateGenerator#NOT_FOUND_BPMN_ERROR} (the REST connector cannot complete the job)
   * @param rejectedAsBpmnError the modeler chose to handle rejected numbers in the process
   */
  static String build(boolean succeedIfNotFound, boolean rejectedAsBpmnError) {
    List<String> e = new ArrayList<>();
    e.add("f: error != null");
    e.add(
        "resp: if f and error.variables instance of context then error.variables.response else null");
    // On success the runtime passes only what the template's result expression returned.
    e.add(
        "http: if f then (if resp != null then number(error.code) else null) else "
            + RestTemplateGenerator.HTTP_STATUS_VARIABLE);
    e.add("rb: if resp != null then resp.body else null");
    e.add("rh: if resp != null then resp.headers else null");
    e.add("pick: function(v) if v instance of string and trim(v) != \"\" then v else null");
    String fields =
        SynthflowMessages.MESSAGE_FIELDS.stream()
            .map(RestTemplateGenerator::feel)
            .collect(joinList());
    // As deep as SynthflowMessages looks: the body, its fields, theirs, and one more level.
    String next = "pick";
    for (String level : List.of("l2", "l1", "found")) {
      e.add(
          level
              + ": function(v) if v instance of context then (for k in "
              + fields
              + " return "
              + next
              + "(get value(v, k)))[item != null][1] else if v instance of list and count(v) > 0"
              + " then "
              + next
              + "(v[1]) else pick(v)");
      next = level;
    }
    e.add("json: rb instance of context or rb instance of list");
    // Only a JSON object is Synthflow's shape, as SynthflowMessages.jsonMessage decides.
    e.add("obj: rb instance of context");
    e.add(
        "raw: if json then found(rb) else if rb instance of string and trim(rb) != \"\" then"
            + " trim(rb) else null");
    e.add("m: if raw = null then \"\" else raw");
    e.add("said: " + cleaned("m"));
    // The connector's own patterns (one rule): Java's regex syntax is what FEEL's matches() runs.
    e.add(
        "generic: m = \"\" or matches(m, "
            + feel("^(?:" + SynthflowMessages.GENERIC_NOT_FOUND_REGEX + ")$")
            + ", \"i\")");
    e.add(
        "aboutNumber: matches(m, "
            + feel(SynthflowMessages.NUMBER_ABSENT_REGEX)
            + ", \"is\") and not(matches(m, "
            + feel(SynthflowMessages.OTHER_ABSENT_REGEX)
            + ", \"is\"))");
    e.add("blank: rb = null or (rb instance of string and trim(rb) = \"\")");
    e.add(
        "notFound: f and http != null and ((http = 404 and (blank or (obj and (generic or"
            + " aboutNumber)))) or (http >= 400 and http < 500 and not(list contains([401, 403,"
            + " 404, 429], http)) and obj and aboutNumber))");
    e.add(
        "header: function(name) if rh instance of context then (get entries(rh)[lower case(key) ="
            + " name].value)[1] else null");
    e.add(
        "code: if not(f) then (if http >= 200 and http < 300 then null else"
            + " \"UNEXPECTED_RESPONSE\")"
            + " else if resp = null then (if error.code = null then (if error.type instance of"
            + " string and ends with(error.type, \"ConnectorInputException\") then"
            + " \"INVALID_INPUT\" else \"UNEXPECTED_RESPONSE\") else if error.message instance of"
            + " string and contains(error.message, \"timed out\") then \"TIMEOUT\" else"
            + " \"CONNECTION_FAILED\")"
            + " else if http = 401 then \"UNAUTHORIZED\""
            + " else if http = 403 then \"FORBIDDEN\""
            + " else if http = 429 then \"RATE_LIMITED\""
            + " else if http >= 500 and http < 600 then \"SERVER_ERROR\""
            + " else if notFound then \"NOT_FOUND\""
            + " else if http = 404 and not(obj) then \"UNEXPECTED_RESPONSE\""
            + " else if http >= 400 and http < 500 then \"BAD_REQUEST\""
            + " else \"UNEXPECTED_RESPONSE\"");
    e.add(
        "retryable: list contains("
            + Arrays.stream(ErrorCode.values())
                .filter(ErrorCode::retryable)
                .map(c -> feel(c.name()))
                .collect(joinList())
            + ", code)");
    long minSeconds = ErrorMapper.MIN_RETRY_BACKOFF.toSeconds();
    long maxRetryAfter = ErrorMapper.MAX_RETRY_AFTER.toSeconds();
    e.add("ra: header(\"retry-after\")");
    e.add(
        "wait: max(if ra instance of string and matches(trim(ra), \"^[0-9]{1,9}$\") then"
            + " min(number(trim(ra)), "
            + maxRetryAfter
            + ") else 0, "
            + minSeconds
            + ")");
    e.add(
        "backoff: if retryable then duration(\"PT\" + string(wait) + \"S\") else duration(\"PT0S\")");
    e.add("retries: if retryable and job.retries > 1 then job.retries - 1 else 0");
    e.add("st: if http = null then \"\" else \" (HTTP \" + string(http) + \")\"");
    e.add("hint: if said = \"\" then \"\" else \" Synthflow said: \" + said");
    e.add(
        "location: if f then header(\"location\") else " + RestTemplateGenerator.LOCATION_VARIABLE);
    e.add("retrying: \"; retrying in \" + string(wait) + \" s.\"");
    e.add(
        "uncertain: \" The number may or may not have been deleted; a retry reports NOT_FOUND if"
            + " it was.\"");
    e.add(
        "text: if code = \"INVALID_INPUT\" then (if contains(error.message, \"Must be a http(s)"
            + " URL\") then "
            + feel(BASE_URL_INVALID)
            + " else if contains(error.message, \"Property: url\") then "
            + feel(PHONE_NUMBER_INVALID)
            + " else \"Invalid input: \" + error.message)"
            + " else if code = \"UNAUTHORIZED\" then \"Synthflow rejected the API key\" + st +"
            + " \". Check that the secret holds a current key and that the region is the"
            + " workspace's region: a key only works in its own region.\" + hint"
            + " else if code = \"FORBIDDEN\" then \"Synthflow refused to delete the number\" + st +"
            + " \": the key may lack permission for this workspace or number, or belong to another"
            + " region.\" + hint"
            + " else if code = \"NOT_FOUND\" then \"The phone number does not exist in the"
            + " Synthflow workspace\" + st + \".\" + hint"
            + " else if code = \"RATE_LIMITED\" then \"Synthflow rate limit reached\" + st +"
            + " retrying + hint"
            + " else if code = \"SERVER_ERROR\" then \"Synthflow server error\" + st + retrying +"
            + " hint"
            + " else if code = \"TIMEOUT\" then \"No complete answer from Synthflow in time\" +"
            + " retrying + uncertain"
            + " else if code = \"CONNECTION_FAILED\" then \"Could not reach Synthflow (\" +"
            + " error.message + \")\" + retrying + uncertain"
            + " else if code = \"BAD_REQUEST\" and http = 404 then \"Synthflow answered 404 about"
            + " something other than the phone number: check the region, the base URL and the API"
            + " key.\" + hint"
            + " else if code = \"BAD_REQUEST\" then \"Synthflow rejected the deletion\" + st + \".\""
            + " + hint"
            + " else if http = 404 then \"The address answered 404 with a page that is not"
            + " Synthflow's JSON: the base URL or region is probably wrong.\""
            + " else if http >= 300 and http < 400 then \"Synthflow answered with a redirect\" + st"
            + " + (if location = null then \"\" else \" to \" + "
            + cleaned("location")
            + ") + \", which is never followed because the API key would travel with it. Check"
            + " the region or base URL.\""
            + " else \"Synthflow answered with unexpected HTTP status\" + st + \".\"");
    e.add(
        "details: {code: code, message: text, httpStatus: http, synthflowMessage: said, deleted:"
            + " false}");
    StringBuilder outcome = new StringBuilder("outcome: if code = null then null");
    if (succeedIfNotFound) {
      outcome
          .append(" else if code = \"NOT_FOUND\" then bpmnError(")
          .append(feel(RestTemplateGenerator.NOT_FOUND_BPMN_ERROR))
          .append(", text, {")
          .append(RestTemplateGenerator.ERROR_VARIABLE)
          .append(": details})");
    }
    if (rejectedAsBpmnError) {
      outcome
          .append(" else if list contains(")
          .append(
              RestTemplateGenerator.REJECTED_CODES.stream()
                  .map(c -> feel(c.name()))
                  .collect(joinList()))
          .append(", code) then bpmnError(")
          .append(feel(RestTemplateGenerator.REJECTED_BPMN_ERROR))
          .append(", text, {")
          .append(RestTemplateGenerator.ERROR_VARIABLE)
          .append(": details})");
    }
    outcome
        .append(" else jobError(code + \": \" + text, {")
        .append(RestTemplateGenerator.ERROR_VARIABLE)
        .append(": details}, retries, backoff)");
    e.add(outcome.toString());
    // The runtime evaluates this for every job: a plain success skips the context.
    return "if error = null and "
        + RestTemplateGenerator.HTTP_STATUS_VARIABLE
        + " >= 200 and "
        + RestTemplateGenerator.HTTP_STATUS_VARIABLE
        + " < 300 then null else "
        + e.stream().collect(Collectors.joining(", ", "{ ", " }"))
        + ".outcome";
  }

  /** Server text made safe for a message: no control characters, long tokens masked, capped. */
  private static String cleaned(String variable) {
    String masked =
        "replace(replace("
            + variable
            + ", \"[\\\\p{Cntrl}]+\", \" \"), \"[A-Za-z0-9_~+=-]{"
            + RestTemplateGenerator.MASKED_RUN_LENGTH
            + ",}\", \"***\")";
    return "(if string length("
        + masked
        + ") > "
        + RestTemplateGenerator.MAX_SAID_LENGTH
        + " then substring("
        + masked
        + ", 1, "
        + RestTemplateGenerator.MAX_SAID_LENGTH
        + ") + \"...\" else "
        + masked
        + ")";
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joinList() {
    return Collectors.joining(", ", "[", "]");
  }
}
