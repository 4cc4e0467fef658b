package io.github.synthflowconnector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.synthflowconnector.model.InputRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code element-templates/rest/synthflow-delete-phone-number-rest.json}: the "no install"
 * template, which runs the deletion on Camunda's built-in REST connector ({@code
 * io.camunda:http-json:1}) instead of this connector.
 *
 * <p>The Camunda generator cannot produce it (it is for another connector's job type), so this
 * class does, from the same facts the connector uses: the regions and their API roots ({@link
 * Region}), the phone number rules ({@link PhoneNumberSlug}), the base URL path rule, the timeouts
 * ({@link RequestValidator}), the error codes and their retryability ({@link ErrorCode}) and the
 * backoff bounds ({@link ErrorMapper}). The build runs it into {@code target/element-templates}
 * (process-test-classes); {@code RestTemplateDriftTest} fails when the committed file differs. To
 * update it: {@code ./mvnw process-test-classes -Delement-templates.output=element-templates}.
 *
 * <p>It lives in {@code src/generator/java}, compiled with the tests (pom.xml, build-helper): it
 * reads package-private rules of the connector and must not ship in the jar, but it is no test.
 *
 * <p>What FEEL and the REST connector cannot do like this connector is listed in the README ("Which
 * one should I use?").
 */
public final class RestTemplateGenerator {

  static final String FILE = "rest/synthflow-delete-phone-number-rest.json";
  static final String TEMPLATE_ID = "io.github.synthflowconnector.DeletePhoneNumber.Rest.v1";
  static final int TEMPLATE_VERSION = 2;
  static final String REST_CONNECTOR_TYPE = "io.camunda:http-json:1";

  /**
   * The same range as the connector's own templates: the minors CI proves and Camunda supports. The
   * expressions would need at least 8.6 ({@code error.variables.response} with headers and body,
   * redirects returned instead of followed; jobError with retries and backoff since 8.5), but 8.6
   * and 8.7 are out of support and never ran here; the REST connector is tested in 8.8.7.
   */
  static final String ENGINES =
      SynthflowDeletePhoneNumberFunction.class
          .getAnnotation(io.camunda.connector.generator.java.annotation.ElementTemplate.class)
          .engineVersion();

  /** BPMN error thrown for a number that does not exist when the modeler chose "succeed". */
  static final String NOT_FOUND_BPMN_ERROR = "SYNTHFLOW_NUMBER_NOT_FOUND";

  /** BPMN error thrown for a rejected number when the modeler chose to handle it in the process. */
  static final String REJECTED_BPMN_ERROR = "SYNTHFLOW_NUMBER_REJECTED";

  /** The codes that mean "this number cannot be deleted as asked": a person must look at it. */
  static final List<ErrorCode> REJECTED_CODES =
      List.of(ErrorCode.FORBIDDEN, ErrorCode.BAD_REQUEST, ErrorCode.INVALID_INPUT);

  /** Local variable of the task holding the slug, read by the URL and the output mapping. */
  static final String SLUG_VARIABLE = "phoneNumberSlug";

  /** Variable the result expression creates, read by the output mapping. */
  static final String STATUS_VARIABLE = "synthflowStatus";

  /** Variables the result expression creates for the error expression (local to the task). */
  static final String HTTP_STATUS_VARIABLE = "synthflowHttpStatus";

  static final String LOCATION_VARIABLE = "synthflowLocation";

  /** Variable of a BPMN error or failed job that carries the details. */
  static final String ERROR_VARIABLE = "synthflowError";

  /** Longest piece of Synthflow's own text put into a message. */
  static final int MAX_SAID_LENGTH = 200;

  /**
   * Runs of this many token characters are masked in Synthflow's text: the error expression cannot
   * see the key, so it cannot mask it exactly, but a key is such a run.
   */
  static final int MASKED_RUN_LENGTH = 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private RestTemplateGenerator() {}

  /** Writes the template below the given folder (the build passes the templates output). */
  public static void main(String[] args) throws IOException {
    Path folder = Path.of(args.length > 0 ? args[0] : "element-templates");
    Path file = folder.resolve(FILE);
    Files.createDirectories(file.getParent());
    Files.writeString(file, json());
  }

  /** The template file's exact content. */
  static String json() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(template()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> template() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put(
        "$schema",
        "https://unpkg.com/@camunda/zeebe-element-templates-json-schema/resources/schema.json");
    t.put("name", "Synthflow: Delete phone number (no install)");
    t.put("id", TEMPLATE_ID);
    t.put(
        "description",
        "Deletes a phone number from a Synthflow workspace with Camunda's built-in REST connector:"
            + " nothing to install, works on every SaaS cluster. Irreversible.");
    t.put("metadata", map("keywords", List.of("synthflow", "phone number", "offboarding")));
    t.put(
        "documentationRef",
        "https://github.com/synthflowconnector/synthflow-connector#which-one-should-i-use");
    t.put("version", TEMPLATE_VERSION);
    t.put("engines", map("camunda", ENGINES));
    t.put("category", map("id", "connectors", "name", "Connectors"));
    t.put("appliesTo", List.of("bpmn:Task"));
    t.put("elementType", map("value", "bpmn:ServiceTask"));
    t.put(
        "groups",
        List.of(
            group("authentication", "Authentication"),
            group("phoneNumber", "Phone number"),
            map("id", "connection", "label", "Connection", "openByDefault", false),
            group("output", "Output mapping"),
            group("error", "Error handling"),
            group("retries", "Retries")));
    t.put("properties", properties());
    t.put("icon", map("contents", icon()));
    return t;
  }

  private static List<Map<String, Object>> properties() {
    List<Map<String, Object>> p = new ArrayList<>();
    p.add(hidden(REST_CONNECTOR_TYPE, map("type", "zeebe:taskDefinition", "property", "type")));

    // What the modeler sees: the main template's fields, bound to the REST connector's inputs or,
    // where the REST connector has no such input, to task variables the hidden inputs below read.
    Map<String, Object> apiKey =
        visible(
            "apiKey",
            "API key",
            "authentication",
            "String",
            input("authentication.token"),
            "Reference to the connector secret that holds the Synthflow workspace's API key. Every"
                + " key is live (there is no sandbox): deletions are real.");
    apiKey.put("value", "{{secrets.SYNTHFLOW_API_KEY}}");
    apiKey.put("feel", "optional");
    apiKey.put("constraints", map("notEmpty", true));
    p.add(apiKey);

    Map<String, Object> region =
        visible(
            "region",
            "Region",
            "phoneNumber",
            "Dropdown",
            input("region"),
            "Region the Synthflow workspace was created in. A key only works in its own region: a"
                + " wrong region fails with UNAUTHORIZED.");
    region.put("value", "us");
    region.put(
        "choices",
        List.of(
            choice("United States", Region.US.id()),
            choice("European Union", Region.EU.id()),
            choice("Global (legacy, being retired in late 2026)", Region.GLOBAL.id()),
            choice("Custom base URL", Region.CUSTOM.id())));
    p.add(region);

    Map<String, Object> baseUrl =
        visible(
            "baseUrl",
            "Base URL",
            "phoneNumber",
            "String",
            input("baseUrl"),
            "API root including /v2, for a proxy or gateway. HTTPS only (plain HTTP only to"
                + " localhost).");
    baseUrl.put("feel", "optional");
    baseUrl.put("condition", map("property", "region", "equals", Region.CUSTOM.id()));
    baseUrl.put("exampleValue", "https://synthflow-gateway.example.com/v2");
    baseUrl.put(
        "constraints",
        map(
            "notEmpty",
            true,
            "pattern",
            map(
                "value",
                "^(=.*|https?://\\S+)$",
                "message",
                "Must start with https:// (or be a FEEL expression)")));
    p.add(baseUrl);

    Map<String, Object> phoneNumber =
        visible(
            "phoneNumber",
            "Phone number",
            "phoneNumber",
            "String",
            input("phoneNumber"),
            "Number to delete, in E.164 (+14155550123; spaces, dashes, dots and parentheses are"
                + " ignored) or the number's slug as Synthflow shows it. Anything else fails the"
                + " task with INVALID_INPUT before a request is sent. Deletion detaches its agents"
                + " and cancels its subscription: it cannot be undone.");
    phoneNumber.put("feel", "optional");
    phoneNumber.put("exampleValue", "=employee.phoneNumber");
    phoneNumber.put("constraints", map("notEmpty", true));
    p.add(phoneNumber);

    // Only the error expression reads these two choices, and it is a static task header: so they
    // are element properties, and each combination has its own hidden error expression below.
    Map<String, Object> ifNotFound =
        visible(
            "ifNotFound",
            "If the number does not exist",
            "phoneNumber",
            "Dropdown",
            map("type", "zeebe:property", "name", "ifNotFound"),
            "Fail with NOT_FOUND (an incident), or treat it as done. The REST connector cannot"
                + " complete a failed call, so 'done' is the BPMN error "
                + NOT_FOUND_BPMN_ERROR
                + ": attach an error boundary event for it (no result variable is written; the"
                + " error carries "
                + ERROR_VARIABLE
                + ").");
    ifNotFound.put("value", "fail");
    ifNotFound.put(
        "choices",
        List.of(
            choice("Fail (incident NOT_FOUND)", "fail"),
            choice("Succeed (as a BPMN error, see below)", "succeed")));
    p.add(ifNotFound);

    p.add(
        timeout(
            "connectionTimeoutInSeconds",
            "Connection timeout (seconds)",
            InputRules.DEFAULT_CONNECT_TIMEOUT_SECONDS,
            InputRules.MAX_CONNECT_TIMEOUT_SECONDS,
            "How long the REST connector waits for a pooled connection, 1 to "
                + InputRules.MAX_CONNECT_TIMEOUT_SECONDS
                + " seconds. It sets no TCP connect timeout of its own."));
    p.add(
        timeout(
            "readTimeoutInSeconds",
            "Read timeout (seconds)",
            InputRules.DEFAULT_READ_TIMEOUT_SECONDS,
            InputRules.MAX_READ_TIMEOUT_SECONDS,
            "How long to wait for data from Synthflow, 1 to "
                + InputRules.MAX_READ_TIMEOUT_SECONDS
                + " seconds (between two packets, not for the whole answer)."));

    Map<String, Object> result =
        visible(
            "resultVariable",
            "Result variable",
            "output",
            "String",
            map("type", "zeebe:output", "source", "=" + resultOutputExpression()),
            "Process variable that gets { status, deleted, phoneNumberSlug, region }.");
    result.put("value", "synthflowResult");
    p.add(result);

    Map<String, Object> onRejected =
        visible(
            "onRejected",
            "If Synthflow rejects the number",
            "error",
            "Dropdown",
            map("type", "zeebe:property", "name", "onRejected"),
            "FORBIDDEN, BAD_REQUEST and INVALID_INPUT need a person. Raise an incident (retries 0),"
                + " or throw the BPMN error "
                + REJECTED_BPMN_ERROR
                + " for an error boundary event (e.g. to a user task). Other failures are"
                + " incidents or Zeebe retries, as with the installed connector.");
    onRejected.put("value", "incident");
    onRejected.put(
        "choices",
        List.of(
            choice("Incident", "incident"),
            choice("Throw BPMN error " + REJECTED_BPMN_ERROR, "bpmnError")));
    p.add(onRejected);

    Map<String, Object> retries =
        visible(
            "retryCount",
            "Retries",
            "retries",
            "String",
            map("type", "zeebe:taskDefinition", "property", "retries"),
            "How often Zeebe retries RATE_LIMITED, SERVER_ERROR, TIMEOUT and CONNECTION_FAILED,"
                + " after Retry-After (seconds) or at least "
                + ErrorMapper.MIN_RETRY_BACKOFF.toSeconds()
                + " s.");
    retries.put("value", "3");
    retries.put("feel", "optional");
    p.add(retries);

    // Fixed inputs of the REST connector. Input mappings see the targets of the mappings before
    // them, and the Modeler keeps them in template order, so the computed ones come last.
    p.add(hidden("DELETE", input("method")));
    p.add(hidden("bearer", input("authentication.type")));
    p.add(hidden("={\"Accept\": \"application/json\"}", input("headers")));
    p.add(hidden("=false", input("storeResponse")));
    p.add(hidden("=" + slugExpression(), input(SLUG_VARIABLE)));
    p.add(hidden("=" + urlExpression(), input("url")));
    p.add(hidden("=" + resultExpression(), header("resultExpression")));
    for (String notFound : List.of("fail", "succeed")) {
      for (String rejected : List.of("incident", "bpmnError")) {
        Map<String, Object> error =
            hidden(
                "="
                    + RestErrorExpression.build(
                        notFound.equals("succeed"), rejected.equals("bpmnError")),
                header("errorExpression"));
        error.put(
            "condition",
            map(
                "allMatch",
                List.of(
                    map("property", "ifNotFound", "equals", notFound),
                    map("property", "onRejected", "equals", rejected))));
        p.add(error);
      }
    }
    p.add(hidden(Integer.toString(TEMPLATE_VERSION), header("elementTemplateVersion")));
    p.add(hidden(TEMPLATE_ID, header("elementTemplateId")));
    return p;
  }

  // -----------------------------------------------------------------------------------------------
  // FEEL

  /**
   * The slug, or null when the phone number is not one: the rules of {@link PhoneNumberSlug} (a
   * number or digits with separators must be a plausible E.164 number, anything else a slug).
   */
  static String slugExpression() {
    String digits =
        "^[1-9][0-9]{"
            + (PhoneNumberSlug.MIN_E164_DIGITS - 1)
            + ","
            + (PhoneNumberSlug.MAX_E164_DIGITS - 1)
            + "}$";
    return "{"
        + " e164: function(v) if contains(v, \"(0)\") then null"
        + " else if matches(replace(v, \"[^0-9]\", \"\"), "
        + feel(digits)
        + ") then replace(v, \"[^0-9]\", \"\") else null,"
        + " text: if phoneNumber instance of string then trim(phoneNumber) else null,"
        + " slug: if phoneNumber instance of number then"
        + " (if phoneNumber > 0 and floor(phoneNumber) = phoneNumber"
        + " then e164(string(floor(phoneNumber))) else null)"
        + " else if text = null or text = \"\" then null"
        + " else if matches(text, "
        + feel("^(" + PhoneNumberSlug.PHONE_LIKE.pattern() + ")$")
        + ") then e164(text)"
        + " else if matches(text, "
        + feel("^(" + PhoneNumberSlug.RAW_SLUG.pattern() + ")$")
        + ") then text"
        + " else null"
        + " }.slug";
  }

  /**
   * The URL; null when the phone number is invalid, and a text that is no URL when the region or
   * base URL is: the REST connector's input validation rejects both before sending anything, with
   * different messages, which the error expression turns into INVALID_INPUT naming the field.
   */
  static String urlExpression() {
    StringBuilder roots = new StringBuilder("{");
    for (Region region : Region.values()) {
      region
          .apiRoot()
          .ifPresent(root ->
              roots
                  .append(roots.length() > 1 ? ", " : " ")
                  .append(region.id())
                  .append(": ")
                  .append(feel(root.toString())));
    }
    roots.append(" }");
    String host =
        "(https://([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*"
            + "|\\[[0-9A-Fa-f:.]+\\])"
            + "|http://(localhost|127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}|\\[::1\\]))"
            + "(:[0-9]{1,5})?";
    String base = "^" + host + "(" + ApiRoot.BASE_PATH.pattern() + ")/*$";
    return "{"
        + " roots: "
        + roots
        + ","
        + " custom: if baseUrl instance of string then trim(baseUrl) else null,"
        + " root: if region = "
        + feel(Region.CUSTOM.id())
        + " then (if custom != null and matches(custom, "
        + feel(base)
        + ", \"i\") then lower case(substring before(custom, \"://\")) + \"://\""
        + " + replace(substring after(custom, \"://\"), \"/+$\", \"\") else null)"
        + " else if region instance of string then get value(roots, region) else null,"
        + " url: if root = null then "
        + feel(INVALID_ROOT_URL)
        + " else if "
        + SLUG_VARIABLE
        + " = null then null"
        + " else root + \"/numbers/\" + "
        + SLUG_VARIABLE
        + " }.url";
  }

  /** What the URL is when region or base URL are invalid: fails the REST connector's URL check. */
  static final String INVALID_ROOT_URL = "invalid region or base URL";

  /**
   * Synthflow's {@code status}, or "ok" for a 2xx without one, as this connector reports it; and
   * the HTTP status and {@code Location}: on success the runtime gives the error expression only
   * what this expression returns, and a redirect "succeeds" in the REST connector.
   */
  static String resultExpression() {
    return "{"
        + STATUS_VARIABLE
        + ": if body instance of context and body.status instance of string"
        + " and trim(body.status) != \"\" then body.status else \"ok\", "
        + HTTP_STATUS_VARIABLE
        + ": status, "
        + LOCATION_VARIABLE
        + ": if headers instance of context then (get entries(headers)[lower case(key) ="
        + " \"location\"].value)[1] else null}";
  }

  /** The output mapping: this connector's result shape, from the result and the task's inputs. */
  static String resultOutputExpression() {
    return "{status: "
        + STATUS_VARIABLE
        + ", deleted: true, phoneNumberSlug: "
        + SLUG_VARIABLE
        + ", region: region}";
  }

  /** A FEEL string literal. */
  static String feel(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  // -----------------------------------------------------------------------------------------------
  // Template parts

  /** An ordered map: Map.of iterates in a different order in every JVM. */
  static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> group(String id, String label) {
    return map("id", id, "label", label);
  }

  private static Map<String, Object> input(String name) {
    return map("type", "zeebe:input", "name", name);
  }

  private static Map<String, Object> header(String key) {
    return map("type", "zeebe:taskHeader", "key", key);
  }

  private static Map<String, Object> choice(String name, String value) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("name", name);
    choice.put("value", value);
    return choice;
  }

  private static Map<String, Object> hidden(String value, Map<String, Object> binding) {
    Map<String, Object> property = new LinkedHashMap<>();
    property.put("type", "Hidden");
    property.put("value", value);
    property.put("binding", sorted(binding));
    return property;
  }

  private static Map<String, Object> visible(
      String id,
      String label,
      String group,
      String type,
      Map<String, Object> binding,
      String description) {
    Map<String, Object> property = new LinkedHashMap<>();
    property.put("id", id);
    property.put("label", label);
    property.put("description", description);
    property.put("group", group);
    property.put("type", type);
    property.put("binding", sorted(binding));
    return property;
  }

  private static Map<String, Object> timeout(
      String name, String label, int defaultSeconds, int maxSeconds, String description) {
    Map<String, Object> property =
        visible(name, label, "connection", "String", input(name), description);
    property.put("value", Integer.toString(defaultSeconds));
    property.put(
        "constraints",
        map(
            "notEmpty",
            true,
            "pattern",
            map(
                "value",
                "^(" + oneTo(maxSeconds) + ")$",
                "message",
                "Whole seconds, 1 to " + maxSeconds)));
    return property;
  }

  /** A regular expression for the whole numbers 1 to max (max is 60 or 300). */
  static String oneTo(int max) {
    return switch (max) {
      case 60 -> "[1-9]|[1-5][0-9]|60";
      case 300 -> "[1-9]|[1-9][0-9]|[12][0-9][0-9]|300";
      default -> throw new IllegalArgumentException("no pattern for 1.." + max);
    };
  }

  /** Bindings with "type" first, as Camunda's templates write them. */
  private static Map<String, Object> sorted(Map<String, Object> binding) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("type", binding.get("type"));
    binding.entrySet().stream()
        .filter(e -> !e.getKey().equals("type"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> result.put(e.getKey(), e.getValue()));
    return result;
  }

  private static String icon() {
    try (InputStream in =
        RestTemplateGenerator.class.getResourceAsStream("/synthflow-connector-icon.svg")) {
      if (in == null) {
        throw new IllegalStateException("missing resource synthflow-connector-icon.svg");
      }
      return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
