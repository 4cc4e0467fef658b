package io.github.synthflowconnector.bench;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.base.model.HttpCommonResult;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.connector.runtime.core.ConnectorResultHandler;
import io.camunda.connector.runtime.core.outbound.ErrorExpressionJobContext;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import io.github.synthflowconnector.model.DeletePhoneNumberResult;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The four ways of deleting one number that the benchmark compares. */
enum Contender {
  /** The floor: one shared pooled HttpClient 5 client, the DELETE, and the JSON answer parsed. */
  FLOOR("raw HttpClient 5") {
    @Override
    Start prepare(String apiRoot, RuntimeParts runtime) {
      URI uri = URI.create(apiRoot + "/numbers/" + SLUG);
      return () -> new Floor(uri);
    }
  },
  /**
   * The ideal connector: the floor's call inside a connector function that only binds its input,
   * driven exactly as this connector is, with the same job. This connector can at best match it.
   */
  IDEAL("ideal connector") {
    @Override
    Start prepare(String apiRoot, RuntimeParts runtime) {
      ActivatedJob job = runtime.job(IDEAL_TYPE, connectorVariables(apiRoot));
      return () ->
          new ViaRuntime(
              new IdealConnector(),
              runtime,
              job,
              result -> ((IdealConnector.Result) result).status());
    }
  },
  /** This connector, one instance for all jobs, each job run through the runtime's job context. */
  CONNECTOR("this connector") {
    @Override
    Start prepare(String apiRoot, RuntimeParts runtime) {
      ActivatedJob job =
          runtime.job(SynthflowDeletePhoneNumberFunction.TYPE, connectorVariables(apiRoot));
      return () ->
          new ViaRuntime(
              new SynthflowDeletePhoneNumberFunction(),
              runtime,
              job,
              result -> ((DeletePhoneNumberResult) result).status());
    }
  },
  /** Camunda's REST connector set up for the same DELETE with bearer authentication. */
  REST("Camunda REST connector") {
    @Override
    Start prepare(String apiRoot, RuntimeParts runtime) {
      Map<String, Object> auth =
          Map.of("type", "bearer", "token", "{{secrets." + RuntimeParts.SECRET_NAME + "}}");
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("authentication", auth);
      variables.put("method", "DELETE");
      variables.put("url", apiRoot + "/numbers/" + SLUG);
      variables.put("headers", Map.of("Accept", "application/json"));
      variables.put("connectionTimeoutInSeconds", "10");
      variables.put("readTimeoutInSeconds", "30");
      ActivatedJob job = runtime.job(HttpJsonFunction.TYPE, variables);
      return () ->
          new ViaRuntime(
              new HttpJsonFunction(),
              runtime,
              job,
              result ->
                  String.valueOf(((Map<?, ?>) ((HttpCommonResult) result).body()).get("status")));
    }
  },
  /**
   * The no-install template: the REST connector's job as the template's input mappings produce it
   * (Zeebe evaluates those, not the runtime), then the template's result and error expressions,
   * which the runtime evaluates for every job, a success included.
   */
  NO_INSTALL("no-install template (REST connector)") {
    @Override
    Start prepare(String apiRoot, RuntimeParts runtime) {
      Map<String, Object> auth =
          Map.of("type", "bearer", "token", "{{secrets." + RuntimeParts.SECRET_NAME + "}}");
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("authentication", auth);
      variables.put("method", "DELETE");
      variables.put("url", apiRoot + "/numbers/" + SLUG);
      variables.put("headers", Map.of("Accept", "application/json"));
      variables.put("storeResponse", false);
      variables.put("connectionTimeoutInSeconds", "10");
      variables.put("readTimeoutInSeconds", "30");
      ActivatedJob job = runtime.job(HttpJsonFunction.TYPE, variables);
      NoInstallTemplate template = NoInstallTemplate.read();
      ConnectorResultHandler expressions = new ConnectorResultHandler(runtime.mapper);
      ErrorExpressionJobContext retries =
          new ErrorExpressionJobContext(new ErrorExpressionJobContext.ErrorExpressionJob(3));
      return () ->
          new ViaRuntime(
              new HttpJsonFunction(),
              runtime,
              job,
              result -> {
                Map<String, Object> output =
                    expressions.createOutputVariables(result, null, template.resultExpression());
                if (expressions
                    .examineErrorExpression(output, template.headers(), retries)
                    .isPresent()) {
                  throw new IllegalStateException("the error expression raised an error");
                }
                return String.valueOf(output.get("synthflowStatus"));
              });
    }
  };

  static final String SLUG = "14155550123";

  static final String IDEAL_TYPE = "io.github.synthflowconnector.bench:ideal:1";

  /** The job this connector's element template produces, for this connector and the ideal one. */
  static Map<String, Object> connectorVariables(String apiRoot) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(
        "authentication", Map.of("apiKey", "{{secrets." + RuntimeParts.SECRET_NAME + "}}"));
    variables.put("region", "custom");
    variables.put("baseUrl", apiRoot);
    variables.put("phoneNumber", "+" + SLUG);
    variables.put("ifNotFound", "fail");
    variables.put("connectionTimeoutInSeconds", "10");
    variables.put("readTimeoutInSeconds", "30");
    return variables;
  }

  final String label;

  Contender(String label) {
    this.label = label;
  }

  /**
   * Everything that is not the contender's own doing: the URL, or the job as Zeebe would deliver
   * it. {@link Start#start} then creates the client or connector instance, as a runtime does once.
   */
  abstract Start prepare(String apiRoot, RuntimeParts runtime);

  Deleter open(String apiRoot, RuntimeParts runtime) {
    return prepare(apiRoot, runtime).start();
  }

  /** Fails loudly when a contender did not get the stand-in's answer: never time a broken call. */
  static void checkOk(String status) {
    if (!"ok".equals(status)) {
      throw new IllegalStateException("expected status ok, got " + status);
    }
  }

  interface Start {
    Deleter start();
  }

  /** Deletes the number once and returns Synthflow's {@code status}. Thread-safe. */
  interface Deleter extends AutoCloseable {
    String delete() throws Exception;

    @Override
    default void close() throws Exception {}
  }

  private static final class Floor implements Deleter {
    private final URI uri;
    private final RawDelete raw = new RawDelete();

    Floor(URI uri) {
      this.uri = uri;
    }

    @Override
    public String delete() throws IOException {
      return raw.status(uri, RuntimeParts.API_KEY);
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }

  /** A connector function driven like the runtime's job handler drives it. */
  private static final class ViaRuntime implements Deleter {
    private final OutboundConnectorFunction function;
    private final RuntimeParts runtime;
    private final ActivatedJob job;
    private final Function<Object, String> status;

    ViaRuntime(
        OutboundConnectorFunction function,
        RuntimeParts runtime,
        ActivatedJob job,
        Function<Object, String> status) {
      this.function = function;
      this.runtime = runtime;
      this.job = job;
      this.status = status;
    }

    @Override
    public String delete() throws Exception {
      return status.apply(function.execute(runtime.context(job)));
    }

    @Override
    public void close() throws Exception {
      if (function instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
