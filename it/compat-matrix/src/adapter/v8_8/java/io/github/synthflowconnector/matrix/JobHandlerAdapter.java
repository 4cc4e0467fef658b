package io.github.synthflowconnector.matrix;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.metrics.DefaultNoopMetricsRecorder;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.api.validation.ValidationProvider;
import io.camunda.connector.runtime.core.error.BpmnError;
import io.camunda.connector.runtime.core.outbound.ConnectorResult;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.camunda.connector.runtime.metrics.ConnectorsOutboundMetrics;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connector runtime 8.8.x: {@link SpringConnectorJobHandler} takes the connectors' own metrics bean
 * and the client's metrics recorder, and completes, fails or throws through three overridable
 * methods of (client, job, result).
 */
final class JobHandlerAdapter {

  static final String API = "8.8 job handler API";

  private JobHandlerAdapter() {}

  static Outcome execute(
      OutboundConnectorFunction connector,
      SecretProviderAggregator secrets,
      ValidationProvider validation,
      ObjectMapper json,
      ActivatedJob job)
      throws Exception {
    Recording handler = new Recording(connector, secrets, validation, json);
    // handle() is what the job worker calls: metrics, then secrets, binding, the connector, the
    // result or error expression, and the command.
    handler.handle(unusedClient(), job);
    Outcome outcome = handler.outcome.get();
    if (outcome == null) {
      throw new IllegalStateException("the job handler sent no command for " + job);
    }
    return outcome;
  }

  /** Every command goes through the recorder; a call on this client would be a harness bug. */
  static JobClient unusedClient() {
    return (JobClient)
        Proxy.newProxyInstance(
            JobHandlerAdapter.class.getClassLoader(),
            new Class<?>[] {JobClient.class},
            (proxy, method, args) -> {
              throw new UnsupportedOperationException("JobClient." + method.getName());
            });
  }

  private static final class Recording extends SpringConnectorJobHandler {
    final AtomicReference<Outcome> outcome = new AtomicReference<>();
    final ObjectMapper json;

    Recording(
        OutboundConnectorFunction connector,
        SecretProviderAggregator secrets,
        ValidationProvider validation,
        ObjectMapper json) {
      super(
          new ConnectorsOutboundMetrics(new SimpleMeterRegistry()),
          (CommandExceptionHandlingStrategy)
              Proxy.newProxyInstance(
                  JobHandlerAdapter.class.getClassLoader(),
                  new Class<?>[] {CommandExceptionHandlingStrategy.class},
                  (proxy, method, args) -> {
                    throw new UnsupportedOperationException("no command is sent");
                  }),
          secrets,
          validation,
          null,
          json,
          connector,
          new DefaultNoopMetricsRecorder());
      this.json = json;
    }

    @Override
    protected void completeJob(
        JobClient client, ActivatedJob job, ConnectorResult.SuccessResult result) {
      outcome.set(
          CommandRecorder.record(
              json, Outcome.Kind.COMPLETED, c -> prepareCompleteJobCommand(c, job, result)));
    }

    @Override
    protected void failJob(JobClient client, ActivatedJob job, ConnectorResult.ErrorResult result) {
      outcome.set(
          CommandRecorder.record(
              json, Outcome.Kind.FAILED, c -> prepareFailJobCommand(c, job, result)));
    }

    @Override
    protected void throwBpmnError(JobClient client, ActivatedJob job, BpmnError error) {
      outcome.set(
          CommandRecorder.record(
              json, Outcome.Kind.BPMN_ERROR, c -> prepareThrowBpmnErrorCommand(c, job, error)));
    }
  }
}
