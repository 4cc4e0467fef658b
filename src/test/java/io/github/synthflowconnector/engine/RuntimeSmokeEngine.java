package io.github.synthflowconnector.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The engine side of {@code it/runtime-smoke/run.sh --engine}: started with the test class path, it
 * starts the embedded Zeebe engine and a loopback Synthflow stand-in, deploys a process with the
 * Synthflow task, starts two instances, prints {@code gateway=host:port} for the connector runtime
 * application under test, and waits for that runtime to do the jobs: the first instance must
 * complete with the result variable, the second (a key Synthflow refuses) must end in an incident
 * carrying the connector's message. Exits 0 when both did, 1 otherwise.
 *
 * <p>Arguments: the API key the runtime's secret holds, and the seconds to wait.
 */
public final class RuntimeSmokeEngine {

  static final String JOB_TYPE = "io.github.synthflowconnector:delete-phone-number:1";

  private RuntimeSmokeEngine() {}

  public static void main(String[] args) {
    String key = Objects.requireNonNull(args.length > 0 ? args[0] : null, "API key argument");
    Duration patience = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 120);
    WireMockServer synthflow =
        new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    synthflow.start();
    // The workspace accepts the key for one number; the other answers as for a revoked key.
    synthflow.stubFor(
        delete("/v2/numbers/14155550101")
            .withHeader("Authorization", equalTo("Bearer " + key))
            .willReturn(aResponse().withStatus(200).withBody("{\"status\":\"ok\"}")));
    synthflow.stubFor(
        delete("/v2/numbers/14155550102")
            .willReturn(aResponse().withStatus(401).withBody("{\"detail\":\"Invalid API key\"}")));
    int status;
    try (EmbeddedZeebe zeebe = EmbeddedZeebe.start()) {
      zeebe.deploy(process(), "runtime-smoke.bpmn");
      String apiRoot = "http://127.0.0.1:" + synthflow.port() + "/v2";
      long deleted =
          zeebe.startInstance(
              "runtime-smoke", Map.of("apiRoot", apiRoot, "number", "+1 415 555 0101"));
      long refused =
          zeebe.startInstance(
              "runtime-smoke", Map.of("apiRoot", apiRoot, "number", "+1 415 555 0102"));
      System.out.println("gateway=" + zeebe.gatewayAddress());
      System.out.flush();
      status = check(zeebe.records(), deleted, refused, patience);
    } finally {
      synthflow.stop();
    }
    // The engine leaves a non-daemon timer thread behind (see LocalRunner.main).
    System.exit(status);
  }

  private static int check(ProcessRecords records, long deleted, long refused, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (System.nanoTime() < deadline) {
      boolean done = records.completed(deleted) && !records.incidents(refused).isEmpty();
      if (done) {
        Object result = records.variables(deleted).get("synthflowResult");
        IncidentRecordValue incident = records.incidents(refused).get(0);
        System.out.println(
            "engine: instance " + deleted + " completed, synthflowResult = " + result);
        System.out.println(
            "engine: instance "
                + refused
                + " incident "
                + incident.getErrorType()
                + ": "
                + incident.getErrorMessage());
        boolean ok =
            Map.of(
                        "status",
                        "ok",
                        "deleted",
                        true,
                        "phoneNumberSlug",
                        "14155550101",
                        "region",
                        "custom")
                    .equals(result)
                && incident
                    .getErrorMessage()
                    .startsWith("Synthflow rejected the API key (HTTP 401)");
        System.out.println(
            ok ? "engine: OK" : "engine: FAILED, not the expected result or incident");
        return ok ? 0 : 1;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
    }
    System.out.println(
        "engine: FAILED, within "
            + patience.toSeconds()
            + " s instance "
            + deleted
            + (records.completed(deleted) ? " completed" : " did not complete")
            + ", instance "
            + refused
            + (records.incidents(refused).isEmpty() ? " had no incident" : " had an incident"));
    return 1;
  }

  private static String process() {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess("runtime-smoke")
            .startEvent()
            .serviceTask(
                "DeleteNumber",
                task ->
                    task.zeebeJobType(JOB_TYPE)
                        .zeebeJobRetries("3")
                        .zeebeInput("{{secrets.SYNTHFLOW_API_KEY}}", "authentication.apiKey")
                        .zeebeInput("custom", "region")
                        .zeebeInput("=apiRoot", "baseUrl")
                        .zeebeInput("=number", "phoneNumber")
                        .zeebeInput("10", "connectionTimeoutInSeconds")
                        .zeebeInput("20", "readTimeoutInSeconds")
                        .zeebeTaskHeader("resultVariable", "synthflowResult"))
            .endEvent()
            .done());
  }
}
