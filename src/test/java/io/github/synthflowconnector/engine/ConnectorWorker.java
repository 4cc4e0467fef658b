package io.github.synthflowconnector.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.api.worker.JobWorkerBuilderStep1.JobWorkerBuilderStep3;
import io.camunda.client.jobhandling.DefaultCommandExceptionHandlingStrategy;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.runtime.metrics.ConnectorsOutboundMetrics;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job worker of an {@link EmbeddedZeebe} that runs a connector the way the Spring connector
 * runtime does: the runtime's own {@link SpringConnectorJobHandler} (secrets, binding, validation,
 * result and error expressions, retries and backoff) sending its real commands to the engine, with
 * the runtime's command error handling (retry on transient gRPC errors).
 *
 * <p>Each worker has its own client, so that its executor and limits are its own.
 */
public final class ConnectorWorker implements AutoCloseable {

  private final CamundaClient client;
  private final JobWorker worker;
  private final ScheduledExecutorService executor;
  private final ScheduledExecutorService commandRetries;
  private final AtomicInteger jobsHandled = new AtomicInteger();

  private ConnectorWorker(
      String gatewayAddress,
      String jobType,
      OutboundConnectorFunction connector,
      Map<String, String> secrets,
      WorkerSettings settings) {
    this.executor = settings.newExecutor("worker-" + jobType);
    this.commandRetries = Executors.newSingleThreadScheduledExecutor();
    this.client =
        EmbeddedZeebe.newClient(gatewayAddress)
            .jobWorkerExecutor(executor, false)
            .defaultJobWorkerMaxJobsActive(settings.maxJobsActive())
            .build();
    SpringConnectorJobHandler handler =
        RuntimeHarness.jobHandler(
            connector,
            secrets,
            new DefaultCommandExceptionHandlingStrategy(
                BackoffSupplier.newBackoffBuilder().build(), commandRetries),
            new ConnectorsOutboundMetrics(new SimpleMeterRegistry()));
    JobWorkerBuilderStep3 builder =
        client
            .newWorker()
            .jobType(jobType)
            .handler((jobClient, job) -> {
              try {
                handler.handle(jobClient, job);
              } finally {
                jobsHandled.incrementAndGet();
              }
            })
            .name("synthflow-test-worker")
            .maxJobsActive(settings.maxJobsActive())
            .timeout(settings.jobTimeout())
            .pollInterval(settings.pollInterval());
    List<String> fetch = fetchVariables(connector, settings);
    this.worker = (fetch == null ? builder : builder.fetchVariables(fetch)).open();
  }

  static ConnectorWorker open(
      String gatewayAddress,
      String jobType,
      OutboundConnectorFunction connector,
      Map<String, String> secrets,
      WorkerSettings settings) {
    return new ConnectorWorker(
        EmbeddedZeebe.require(gatewayAddress, "gatewayAddress"),
        EmbeddedZeebe.require(jobType, "jobType"),
        EmbeddedZeebe.require(connector, "connector"),
        EmbeddedZeebe.require(secrets, "secrets"),
        EmbeddedZeebe.require(settings, "settings"));
  }

  /** As the runtime: only the connector's declared input variables, when it declares them. */
  private static List<String> fetchVariables(
      OutboundConnectorFunction connector, WorkerSettings settings) {
    if (settings.fetchVariables() != null) {
      return settings.fetchVariables();
    }
    OutboundConnector declared = connector.getClass().getAnnotation(OutboundConnector.class);
    return declared == null ? null : List.of(declared.inputVariables());
  }

  /** How many jobs the handler has returned from (whatever command it sent). */
  public int jobsHandled() {
    return jobsHandled.get();
  }

  @Override
  public void close() {
    worker.close();
    client.close();
    executor.shutdownNow();
    commandRetries.shutdownNow();
  }
}
