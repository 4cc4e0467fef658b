package io.github.synthflowconnector.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.DeploymentEvent;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real Zeebe engine inside the test JVM (Zeebe Process Test's embedded engine, test scope only):
 * no Docker, no cluster. It serves the gateway's gRPC API on a free local port; {@link #client()}
 * talks to it as any Camunda 8.8 client does, and {@link #openWorker} runs a connector in the real
 * connector runtime's job handler as a job worker of this engine, so every command (complete, fail
 * with retries and backoff, throw error) is one the engine itself processes.
 *
 * <p>The engine runs on real time: a job failed with a backoff is activated again only once the
 * backoff has passed, as in a cluster. Start one per test class (about 2 s), give each test its own
 * process instance, and read what happened from {@link #records()}.
 */
public final class EmbeddedZeebe implements AutoCloseable {

  private final ZeebeTestEngine engine;
  private final CamundaClient client;
  private final ProcessRecords records;
  private final List<AutoCloseable> workers = new ArrayList<>();

  private EmbeddedZeebe(ZeebeTestEngine engine) {
    this.engine = engine;
    this.client = newClient(engine.getGatewayAddress()).build();
    this.records = new ProcessRecords(engine.getRecordStreamSource());
  }

  /** Starts an engine on a free port. */
  public static EmbeddedZeebe start() {
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    return new EmbeddedZeebe(engine);
  }

  /**
   * One engine for the whole test JVM, started on first use and stopped when the JVM exits: for
   * rigs that many test classes share (each run with its own process and instance). Test classes
   * that open workers of their own should rather {@link #start()} their own engine.
   */
  public static synchronized EmbeddedZeebe shared() {
    if (shared == null) {
      EmbeddedZeebe engine = start();
      Runtime.getRuntime().addShutdownHook(new Thread(engine::close, "embedded-zeebe-stop"));
      shared = engine;
    }
    return shared;
  }

  private static EmbeddedZeebe shared;

  /**
   * A client builder for an engine at {@code host:port}: gRPC, plaintext (the {@code http} scheme),
   * never REST, which the embedded engine does not serve.
   */
  static io.camunda.client.CamundaClientBuilder newClient(String gatewayAddress) {
    return CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + gatewayAddress))
        .preferRestOverGrpc(false)
        .applyEnvironmentVariableOverrides(false);
  }

  /** {@code host:port} of the gateway, e.g. for a connector runtime in another process. */
  public String gatewayAddress() {
    return engine.getGatewayAddress();
  }

  /** A client of this engine, closed with it. */
  public CamundaClient client() {
    return client;
  }

  /** What the engine did: element states, jobs, incidents, variables. */
  public ProcessRecords records() {
    return records;
  }

  /** Deploys a BPMN file; returns the key of the (first) process it defines. */
  public long deploy(Path bpmn) {
    try {
      return deploy(Files.readString(bpmn), bpmn.getFileName().toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + bpmn, e);
    }
  }

  /** Deploys BPMN XML under the given resource name (which must end in {@code .bpmn}). */
  public long deploy(String bpmnXml, String resourceName) {
    DeploymentEvent deployment =
        client
            .newDeployResourceCommand()
            .addResourceStringUtf8(bpmnXml, resourceName)
            .send()
            .join();
    return deployment.getProcesses().get(0).getProcessDefinitionKey();
  }

  /** Cancels an instance that is still active (e.g. a job waiting for its retry); else nothing. */
  public void cancel(long processInstanceKey) {
    if (!records.completed(processInstanceKey)) {
      try {
        client.newCancelInstanceCommand(processInstanceKey).send().join();
      } catch (RuntimeException e) {
        // Already ended between the check and the command: nothing left to cancel.
      }
    }
  }

  /** Starts the latest version of a process; returns the process instance key. */
  public long startInstance(String bpmnProcessId, Map<String, Object> variables) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(bpmnProcessId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /**
   * Opens a job worker for {@code jobType} that runs {@code connector} through the connector
   * runtime's real job handler, with its own client and executor (see {@link WorkerSettings}).
   * Closed with the engine, or earlier by the caller.
   */
  public ConnectorWorker openWorker(
      String jobType,
      OutboundConnectorFunction connector,
      Map<String, String> secrets,
      WorkerSettings settings) {
    ConnectorWorker worker =
        ConnectorWorker.open(gatewayAddress(), jobType, connector, secrets, settings);
    synchronized (workers) {
      workers.add(worker);
    }
    return worker;
  }

  /** As {@link #openWorker(String, OutboundConnectorFunction, Map, WorkerSettings)}, defaults. */
  public ConnectorWorker openWorker(
      String jobType, OutboundConnectorFunction connector, Map<String, String> secrets) {
    return openWorker(jobType, connector, secrets, WorkerSettings.defaults());
  }

  @Override
  public void close() {
    synchronized (workers) {
      for (AutoCloseable worker : workers) {
        try {
          worker.close();
        } catch (Exception e) {
          // Closing the rest matters more than one worker's failure to close.
        }
      }
      workers.clear();
    }
    client.close();
    engine.stop();
  }

  static <T> T require(T value, String name) {
    return Objects.requireNonNull(value, name);
  }
}
