package io.github.synthflowconnector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Calls the connector function as the runtime would after secret replacement, without the runtime:
 * for volume (the harness bootstraps a bean validator per job, ~30 ms).
 */
final class LoadDirectCalls {

  private static final ObjectMapper JSON = ConnectorsObjectMapperSupplier.getCopy();

  /** What one call returned or raised, how long it took, and the text an operator would see. */
  record Result(String errorCode, String text, Duration took) {}

  private final SynthflowHttpClient http;

  LoadDirectCalls(SynthflowHttpClient http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  Result call(String baseUrl, String phoneNumber) {
    Map<String, Object> variables = HostileJobs.variables(baseUrl, phoneNumber);
    variables.put("authentication", Map.of("apiKey", HostileSecrets.KEY));
    OutboundConnectorContext context = context(variables);
    // Each call with paces of its own (the same pool): the failures under test include 429s, and
    // a shared pace would hold back the other kinds' requests for their Retry-After.
    SynthflowDeletePhoneNumberFunction connector =
        new SynthflowDeletePhoneNumberFunction(http, Clock.systemUTC());
    long start = System.nanoTime();
    try {
      Object result = connector.execute(context);
      return new Result(null, String.valueOf(result), since(start));
    } catch (ConnectorException e) {
      return new Result(
          e.getErrorCode(), e.getMessage() + " " + e.getErrorVariables(), since(start));
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static OutboundConnectorContext context(Map<String, Object> variables) {
    JobContext job =
        (JobContext)
            Proxy.newProxyInstance(
                LoadDirectCalls.class.getClassLoader(),
                new Class<?>[] {JobContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getCustomHeaders" -> HostileJobs.headers();
                      case "toString" -> "job";
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (OutboundConnectorContext)
        Proxy.newProxyInstance(
            LoadDirectCalls.class.getClassLoader(),
            new Class<?>[] {OutboundConnectorContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getJobContext" -> job;
                  case "bindVariables" -> JSON.convertValue(variables, (Class<?>) args[0]);
                  case "toString" -> "context";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
