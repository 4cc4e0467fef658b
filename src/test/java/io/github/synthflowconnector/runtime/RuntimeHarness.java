package io.github.synthflowconnector.runtime;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.FinalCommandStep;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.metrics.DefaultNoopMetricsRecorder;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.error.BpmnError;
import io.camunda.connector.runtime.core.outbound.ConnectorResult;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.camunda.connector.runtime.metrics.ConnectorsOutboundMetrics;
import io.camunda.connector.runtime.outbound.job.SpringConnectorJobHandler;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a connector the way a Camunda 8.8 connector runtime does, without a broker: the real {@link
 * SpringConnectorJobHandler} (secret replacement, binding, validation, result and error
 * expressions, retries and backoff) on a mocked {@link ActivatedJob}. The command the handler would
 * send to Zeebe is built with the handler's own command preparation and recorded instead of sent.
 */
public final class RuntimeHarness {

  private static final ObjectMapper JSON = ConnectorsObjectMapperSupplier.getCopy();
  private static final AtomicLong JOB_KEYS = new AtomicLong(2251799813685249L);

  /** Bootstraps a Hibernate ValidatorFactory: shared, it is thread-safe and costly to build. */
  private static final DefaultValidationProvider VALIDATION = new DefaultValidationProvider();

  private static final String SYNTHFLOW_JOB_TYPE =
      "io.github.synthflowconnector:delete-phone-number:1";

  private final OutboundConnectorFunction connector;
  private final Map<String, String> secrets;
  private final String jobType;

  public RuntimeHarness(OutboundConnectorFunction connector, Map<String, String> secrets) {
    this(connector, secrets, SYNTHFLOW_JOB_TYPE);
  }

  /**
   * For another connector's jobs, e.g. Camunda's REST connector running the no-install template.
   */
  public RuntimeHarness(
      OutboundConnectorFunction connector, Map<String, String> secrets, String jobType) {
    this.connector = Objects.requireNonNull(connector, "connector");
    this.secrets = Map.copyOf(secrets);
    this.jobType = Objects.requireNonNull(jobType, "jobType");
  }

  /** Executes one job with the given variables and task headers and the given retries left. */
  public JobOutcome run(Map<String, Object> variables, Map<String, String> headers, int retries) {
    ActivatedJob job = job(variables, headers, retries, jobType);
    RecordingHandler handler = new RecordingHandler(connector, secretProvider());
    try {
      // handle() only wraps this in metrics timers, which are mocked out here.
      handler.internalHandle(mock(JobClient.class), job);
    } catch (Exception e) {
      throw new IllegalStateException("the job handler itself failed", e);
    }
    JobOutcome outcome = handler.outcome.get();
    if (outcome == null) {
      throw new IllegalStateException("the job handler sent no command for the job");
    }
    return outcome;
  }

  private SecretProvider secretProvider() {
    return secretsFrom(secrets);
  }

  /** The runtime's secret provider, with these secrets as its only source. */
  public static SecretProviderAggregator secretsFrom(Map<String, String> secrets) {
    Map<String, String> copy = Map.copyOf(secrets);
    SecretProvider fromMap =
        new SecretProvider() {
          @Override
          public String getSecret(String name, SecretContext context) {
            return copy.get(name);
          }
        };
    return new SecretProviderAggregator(List.of(fromMap));
  }

  /**
   * The real job handler, unchanged: it sends its commands through the job client it is handed (an
   * engine's job worker), and any command that fails is handled by {@code commandErrors} as in the
   * Spring runtime.
   */
  public static SpringConnectorJobHandler jobHandler(
      OutboundConnectorFunction connector,
      Map<String, String> secrets,
      CommandExceptionHandlingStrategy commandErrors,
      ConnectorsOutboundMetrics metrics) {
    return new SpringConnectorJobHandler(
        metrics,
        commandErrors,
        secretsFrom(secrets),
        VALIDATION,
        null,
        JSON,
        connector,
        new DefaultNoopMetricsRecorder());
  }

  private static ActivatedJob job(
      Map<String, Object> variables, Map<String, String> headers, int retries, String jobType) {
    String json;
    try {
      json = JSON.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    ActivatedJob job = mock(ActivatedJob.class);
    long key = JOB_KEYS.incrementAndGet();
    when(job.getKey()).thenReturn(key);
    when(job.getType()).thenReturn(jobType);
    when(job.getTenantId()).thenReturn("<default>");
    when(job.getBpmnProcessId()).thenReturn("offboarding");
    when(job.getElementId()).thenReturn("DeleteSynthflowNumber");
    when(job.getProcessInstanceKey()).thenReturn(key - 1);
    when(job.getProcessDefinitionKey()).thenReturn(1L);
    when(job.getProcessDefinitionVersion()).thenReturn(1);
    when(job.getElementInstanceKey()).thenReturn(key - 2);
    when(job.getRetries()).thenReturn(retries);
    when(job.getDeadline()).thenReturn(System.currentTimeMillis() + 300_000);
    when(job.getVariables()).thenReturn(json);
    when(job.getVariablesAsMap()).thenReturn(Collections.unmodifiableMap(variables));
    when(job.getCustomHeaders()).thenReturn(Map.copyOf(headers));
    return job;
  }

  /** The real handler; only the final "send to Zeebe" step is replaced by a recorder. */
  private static final class RecordingHandler extends SpringConnectorJobHandler {
    final AtomicReference<JobOutcome> outcome = new AtomicReference<>();

    RecordingHandler(OutboundConnectorFunction connector, SecretProvider secrets) {
      super(
          mock(ConnectorsOutboundMetrics.class),
          mock(CommandExceptionHandlingStrategy.class),
          (SecretProviderAggregator) secrets,
          VALIDATION,
          null,
          JSON,
          connector,
          new DefaultNoopMetricsRecorder());
    }

    @Override
    protected void completeJob(
        JobClient client, ActivatedJob job, ConnectorResult.SuccessResult result) {
      record(JobOutcome.Kind.COMPLETED, c -> prepareCompleteJobCommand(c, job, result));
    }

    @Override
    protected void failJob(JobClient client, ActivatedJob job, ConnectorResult.ErrorResult result) {
      record(JobOutcome.Kind.FAILED, c -> prepareFailJobCommand(c, job, result));
    }

    @Override
    protected void throwBpmnError(JobClient client, ActivatedJob job, BpmnError error) {
      record(JobOutcome.Kind.BPMN_ERROR, c -> prepareThrowBpmnErrorCommand(c, job, error));
    }

    private void record(
        JobOutcome.Kind kind, java.util.function.Function<JobClient, Object> prepare) {
      CommandRecorder recorder = new CommandRecorder();
      prepare.apply(recorder.proxy(JobClient.class));
      outcome.set(recorder.toOutcome(kind));
    }
  }

  /**
   * A {@link JobClient} whose command builders only write down what is called on them: every
   * builder method returns a recording proxy of its declared return type.
   */
  private static final class CommandRecorder {
    private final List<String> calls = new ArrayList<>();
    private Map<String, Object> variables;
    private Integer retries;
    private Duration backoff;
    private String errorMessage;
    private String errorCode;

    @SuppressWarnings("unchecked")
    <T> T proxy(Class<T> type) {
      InvocationHandler handler =
          (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
              return switch (method.getName()) {
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "recorder";
              };
            }
            String name = method.getName();
            Object arg = args == null || args.length == 0 ? null : args[0];
            calls.add(name + (arg instanceof ActivatedJob ? "(job)" : "(" + arg + ")"));
            switch (name) {
              case "variables" -> variables = toMap(arg);
              case "retries" -> retries = (Integer) arg;
              case "retryBackoff" -> backoff = (Duration) arg;
              case "errorMessage" -> errorMessage = (String) arg;
              case "errorCode" -> errorCode = (String) arg;
              default -> {}
            }
            Class<?> returnType = method.getReturnType();
            if (returnType.isInterface()
                && !FinalCommandStep.class.equals(returnType.getEnclosingClass())) {
              return proxy(returnType);
            }
            return null;
          };
      return (T)
          Proxy.newProxyInstance(
              RuntimeHarness.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    /** Variables as Zeebe receives them: serialised to JSON by the client, so round-tripped. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object value) {
      if (value == null) {
        return null;
      }
      try {
        String json = value instanceof String text ? text : JSON.writeValueAsString(value);
        return JSON.readValue(json, Map.class);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(e);
      }
    }

    JobOutcome toOutcome(JobOutcome.Kind kind) {
      return new JobOutcome(
          kind, variables, retries, backoff, errorMessage, errorCode, List.copyOf(calls));
    }
  }
}
