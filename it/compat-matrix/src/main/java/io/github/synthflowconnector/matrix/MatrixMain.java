package io.github.synthflowconnector.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * One cell row of the compatibility matrix: in this JVM sit one connector runtime version (its own
 * dependencies) and one packaged connector jar. The connector is found as the runtime finds it
 * (ServiceLoader), and each case is a real job through that version's outbound job handler against
 * a local Synthflow stand-in; the command the handler would send to Zeebe is checked.
 *
 * <p>Prints one {@code RESULT} line per case (tab-separated: case, PASS/FAIL, detail) for run.sh's
 * table; exits 1 when a case failed, 2 when the set-up itself is wrong.
 *
 * <p>Usage: {@code MatrixMain <runtime version> <jar kind> <jar path>}; with {@code
 * -Dmatrix.selfTest=true} the stand-in answers every request with 200, so that every case but the
 * success must fail.
 */
public final class MatrixMain {

  static final String TYPE = "io.github.synthflowconnector:delete-phone-number:1";
  static final String KEY = "sk_matrix_4b1d0c9e";
  static final String RESULT_VARIABLE = "synthflowResult";

  private final ObjectMapper json = ConnectorsObjectMapperSupplier.getCopy();
  private final DefaultValidationProvider validation = new DefaultValidationProvider();
  private final SecretProviderAggregator secrets =
      new SecretProviderAggregator(
          List.of(
              new SecretProvider() {
                @Override
                public String getSecret(String name, SecretContext context) {
                  return "SYNTHFLOW_API_KEY".equals(name) ? KEY : null;
                }
              }));

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: MatrixMain <runtime version> <jar kind> <jar path>");
      System.exit(2);
    }
    String runtimeVersion = args[0];
    Path jar = Path.of(args[2]).toRealPath();

    // The set-up: the runtime on the class path is the version under test, and the connector the
    // runtime finds is the jar under test (not a copy from elsewhere on the class path).
    Path runtimeJar = codeSource(SpringConnectorJobHandler.class);
    if (!runtimeJar
        .getFileName()
        .toString()
        .equals("connector-runtime-spring-" + runtimeVersion + ".jar")) {
      setupFailure("the job handler comes from " + runtimeJar + ", not runtime " + runtimeVersion);
    }
    OutboundConnectorFunction connector = discover();
    Path connectorJar = codeSource(connector.getClass());
    if (!connectorJar.equals(jar)) {
      setupFailure("the connector was loaded from " + connectorJar + ", not from " + jar);
    }
    System.out.println(
        "SETUP\thandler\t" + runtimeJar.getFileName() + " (" + JobHandlerAdapter.API + ")");
    System.out.println("SETUP\tjava\t" + Runtime.version());
    System.out.println("SETUP\tconnector\t" + connectorJar.getFileName());
    System.out.println("SETUP\thttpclient\t" + httpClientOrigin(jar));

    int failures = new MatrixMain().runCases(connector);
    System.exit(failures == 0 ? 0 : 1);
  }

  private static void setupFailure(String message) {
    System.out.println("SETUP\tFAILED\t" + message);
    System.exit(2);
  }

  /** What the runtime's ServiceLoader-based discovery finds for this connector's job type. */
  private static OutboundConnectorFunction discover() {
    List<OutboundConnectorFunction> ours = new ArrayList<>();
    for (OutboundConnectorFunction function : ServiceLoader.load(OutboundConnectorFunction.class)) {
      OutboundConnector annotation = function.getClass().getAnnotation(OutboundConnector.class);
      if (annotation != null && TYPE.equals(annotation.type())) {
        ours.add(function);
      }
    }
    if (ours.size() != 1) {
      setupFailure("expected one connector of type " + TYPE + " on the class path, found " + ours);
    }
    return ours.get(0);
  }

  /** The thin jar uses the runtime's HttpClient 5; the fat jar must use its relocated copy. */
  private static String httpClientOrigin(Path jar) {
    try {
      Class<?> relocated =
          Class.forName(
              "io.github.synthflowconnector.shaded.org.apache.hc.client5.http.impl.classic.CloseableHttpClient");
      if (!codeSource(relocated).equals(jar)) {
        setupFailure("relocated HttpClient from " + codeSource(relocated));
      }
      return "bundled, relocated";
    } catch (ClassNotFoundException thinJar) {
      try {
        return "runtime's "
            + codeSource(
                    Class.forName("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"))
                .getFileName();
      } catch (ClassNotFoundException e) {
        setupFailure("no HttpClient 5 on the class path");
        return null;
      }
    }
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toRealPath();
    } catch (Exception e) {
      throw new IllegalStateException("cannot locate " + type, e);
    }
  }

  // --- The cases ---------------------------------------------------------------------------------

  private int runCases(OutboundConnectorFunction connector) throws Exception {
    int failures = 0;
    try (StandIn synthflow = new StandIn(Boolean.getBoolean("matrix.selfTest"))) {
      failures += report("success", success(connector, synthflow));
      failures += report("not-found-succeed", notFoundSucceed(connector, synthflow));
      failures += report("401", unauthorized(connector, synthflow));
      failures += report("429", rateLimited(connector, synthflow));
    }
    return failures;
  }

  private static int report(String name, List<String> problems) {
    if (problems.isEmpty()) {
      System.out.println("RESULT\t" + name + "\tPASS\t");
      return 0;
    }
    System.out.println("RESULT\t" + name + "\tFAIL\t" + String.join("; ", problems));
    return 1;
  }

  /** 200 {"status":"ok"}: the job completes with the result in the template's variable. */
  private List<String> success(OutboundConnectorFunction connector, StandIn synthflow)
      throws Exception {
    String slug = "14155550101";
    synthflow.answer(slug, new StandIn.Answer(200, Map.of(), "{\"status\":\"ok\"}"));
    Outcome outcome = run(connector, synthflow, "+1 415 555 0101", "fail", 3);
    List<String> problems = new ArrayList<>();
    expectRequest(problems, synthflow, slug);
    expect(problems, outcome.kind() == Outcome.Kind.COMPLETED, "completed", outcome);
    expect(
        problems,
        Map.of(RESULT_VARIABLE, result("ok", true, slug)).equals(outcome.variables()),
        "variables " + Map.of(RESULT_VARIABLE, result("ok", true, slug)),
        outcome.variables());
    return problems;
  }

  /**
   * 404 {"detail":"Phone number not found"} with ifNotFound = succeed: the job completes with
   * deleted = false. A 404 that names the phone number is "already gone" under every version of the
   * connector's not-found rule.
   */
  private List<String> notFoundSucceed(OutboundConnectorFunction connector, StandIn synthflow)
      throws Exception {
    String slug = "14155550102";
    synthflow.answer(
        slug, new StandIn.Answer(404, Map.of(), "{\"detail\":\"Phone number not found\"}"));
    Outcome outcome = run(connector, synthflow, "+1 415 555 0102", "succeed", 3);
    List<String> problems = new ArrayList<>();
    expectRequest(problems, synthflow, slug);
    expect(problems, outcome.kind() == Outcome.Kind.COMPLETED, "completed", outcome);
    expect(
        problems,
        Map.of(RESULT_VARIABLE, result("not_found", false, slug)).equals(outcome.variables()),
        "variables " + Map.of(RESULT_VARIABLE, result("not_found", false, slug)),
        outcome.variables());
    return problems;
  }

  /** 401: a wrong key does not heal, so the job fails with no retries left (an incident). */
  private List<String> unauthorized(OutboundConnectorFunction connector, StandIn synthflow)
      throws Exception {
    String slug = "14155550103";
    synthflow.answer(slug, new StandIn.Answer(401, Map.of(), "{\"detail\":\"Invalid API key\"}"));
    Outcome outcome = run(connector, synthflow, "+1 415 555 0103", "succeed", 3);
    List<String> problems = new ArrayList<>();
    expectRequest(problems, synthflow, slug);
    expect(problems, outcome.kind() == Outcome.Kind.FAILED, "failed", outcome);
    expect(problems, Objects.equals(outcome.retries(), 0), "retries 0", outcome.retries());
    expect(
        problems,
        "UNAUTHORIZED".equals(outcome.connectorErrorCode()),
        "error.code UNAUTHORIZED",
        outcome.connectorErrorCode());
    expect(
        problems,
        outcome.errorMessage() != null && outcome.errorMessage().contains("HTTP 401"),
        "a message naming HTTP 401",
        outcome.errorMessage());
    expect(problems, !outcome.toString().contains(KEY), "no API key in the command", "the key");
    return problems;
  }

  /** 429 with Retry-After: 45: retries - 1 and Synthflow's backoff, for Zeebe to honour. */
  private List<String> rateLimited(OutboundConnectorFunction connector, StandIn synthflow)
      throws Exception {
    String slug = "14155550104";
    synthflow.answer(
        slug,
        new StandIn.Answer(
            429, Map.of("Retry-After", "45"), "{\"error\":{\"message\":\"Too many requests\"}}"));
    Outcome outcome = run(connector, synthflow, "+1 415 555 0104", "succeed", 3);
    List<String> problems = new ArrayList<>();
    expectRequest(problems, synthflow, slug);
    expect(problems, outcome.kind() == Outcome.Kind.FAILED, "failed", outcome);
    expect(problems, Objects.equals(outcome.retries(), 2), "retries 3 -> 2", outcome.retries());
    expect(
        problems,
        Duration.ofSeconds(45).equals(outcome.retryBackoff()),
        "retry backoff PT45S",
        outcome.retryBackoff());
    expect(
        problems,
        "RATE_LIMITED".equals(outcome.connectorErrorCode()),
        "error.code RATE_LIMITED",
        outcome.connectorErrorCode());
    return problems;
  }

  /** One job configured as the element template configures the task, against the stand-in. */
  private Outcome run(
      OutboundConnectorFunction connector,
      StandIn synthflow,
      String phoneNumber,
      String ifNotFound,
      int retries)
      throws Exception {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("authentication", Map.of("apiKey", "{{secrets.SYNTHFLOW_API_KEY}}"));
    variables.put("region", "custom");
    variables.put("baseUrl", synthflow.apiRoot());
    variables.put("phoneNumber", phoneNumber);
    variables.put("ifNotFound", ifNotFound);
    Map<String, String> headers = new HashMap<>();
    headers.put("resultVariable", RESULT_VARIABLE);
    headers.put("retryBackoff", "PT0S");
    headers.put("elementTemplateId", "io.github.synthflowconnector.DeletePhoneNumber.v1");
    headers.put("elementTemplateVersion", "1");
    return JobHandlerAdapter.execute(
        connector, secrets, validation, json, Jobs.job(json, TYPE, variables, headers, retries));
  }

  private static Map<String, Object> result(String status, boolean deleted, String slug) {
    return Map.of(
        "status", status, "deleted", deleted, "phoneNumberSlug", slug, "region", "custom");
  }

  /** Exactly one DELETE of the slug reached the stand-in, with the secret as Bearer key. */
  private static void expectRequest(List<String> problems, StandIn synthflow, String slug) {
    List<StandIn.Request> seen = synthflow.requestsFor(slug);
    StandIn.Request expected =
        new StandIn.Request("DELETE", "/v2/numbers/" + slug, "Bearer " + KEY);
    if (!seen.equals(List.of(expected))) {
      problems.add(
          "expected one DELETE /v2/numbers/"
              + slug
              + " with the secret as Bearer key, the"
              + " stand-in saw "
              + seen.stream().map(r -> r.method() + " " + r.path()).toList());
    }
  }

  private static void expect(List<String> problems, boolean ok, String expected, Object actual) {
    if (!ok) {
      String shown = String.valueOf(actual).replace(KEY, "***");
      problems.add("expected " + expected + ", got " + shown);
    }
  }
}
