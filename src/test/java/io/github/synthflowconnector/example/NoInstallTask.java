package io.github.synthflowconnector.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.github.synthflowconnector.TemplateConditions;
import io.github.synthflowconnector.engine.ConnectorWorker;
import io.github.synthflowconnector.engine.EmbeddedZeebe;
import io.github.synthflowconnector.engine.ProcessRecords;
import io.github.synthflowconnector.engine.ReroutingConnector;
import io.github.synthflowconnector.engine.WorkerSettings;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service task with the no-install template applied, run by a real Zeebe engine ({@link
 * EmbeddedZeebe}): the template's bindings as the Modeler writes them for the given field values,
 * deployed in a one-task process; Zeebe evaluates the input mappings, creates the job (the REST
 * connector's worker fetches only its input variables, as the runtime's does), Camunda's REST
 * connector 8.8.7 runs it inside the real 8.8.7 job handler as the engine's job worker, and Zeebe
 * applies the template's output mapping.
 *
 * <p>The region hosts are https on the internet; a test cannot serve them. The task's URL is
 * computed by Zeebe exactly as in a cluster and recorded; only then is its {@code https://host}
 * part replaced by the local server's {@code http://127.0.0.1:port} ({@link ReroutingConnector}),
 * like a hosts-file entry would, so the path the REST connector sends is the template's own.
 */
final class NoInstallTask {

  static final Path TEMPLATE =
      Path.of("element-templates/rest/synthflow-delete-phone-number-rest.json");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the Modeler writes into the BPMN for the template and the modeler's field values. */
  record Applied(
      String type,
      String retries,
      List<BpmnTask.Mapping> inputs,
      Map<String, String> headers,
      List<BpmnTask.Mapping> outputs,
      Map<String, String> properties) {}

  /**
   * One run.
   *
   * @param url the URL the template computed, before any rerouting; null when it computed none
   * @param jobVariables the job's variables as the REST connector got them (after rerouting)
   * @param outcome the command the runtime sent to Zeebe
   * @param processVariables what the task's output mapping wrote, for a completed job
   */
  record Run(
      Object url,
      Map<String, Object> jobVariables,
      JobOutcome outcome,
      Map<String, Object> processVariables) {}

  static final String TASK_ID = "DeleteSynthflowNumber";
  private static final AtomicInteger RUNS = new AtomicInteger();

  static JsonNode template() {
    return template(TEMPLATE);
  }

  static JsonNode template(Path path) {
    try {
      return JSON.readTree(Files.readString(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies the template as the Modeler does: every property whose condition holds, in template
   * order, with the modeler's value where given and the template's default otherwise.
   */
  static Applied apply(Map<String, String> fieldValues) {
    return apply(TEMPLATE, fieldValues);
  }

  /** As {@link #apply(Map)}, for any element template, the connector's own one too. */
  static Applied apply(Path templatePath, Map<String, String> fieldValues) {
    JsonNode template = template(templatePath);
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      if (property.hasNonNull("id")) {
        String id = property.get("id").asText();
        values.put(
            id,
            fieldValues.containsKey(id)
                ? fieldValues.get(id)
                : property.path("value").asText(null));
      }
    }
    String type = null;
    String retries = null;
    List<BpmnTask.Mapping> inputs = new ArrayList<>();
    List<BpmnTask.Mapping> outputs = new ArrayList<>();
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> properties = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      if (!TemplateConditions.holds(property.get("condition"), values)) {
        continue;
      }
      String value =
          property.hasNonNull("id")
              ? values.get(property.get("id").asText())
              : property.path("value").asText(null);
      if (value == null) {
        continue;
      }
      JsonNode binding = property.get("binding");
      switch (binding.get("type").asText()) {
        case "zeebe:taskDefinition" -> {
          if (binding.get("property").asText().equals("type")) {
            type = value;
          } else {
            retries = value;
          }
        }
        case "zeebe:input" -> inputs.add(new BpmnTask.Mapping(value, binding.get("name").asText()));
        case "zeebe:output" ->
            outputs.add(new BpmnTask.Mapping(binding.get("source").asText(), value));
        case "zeebe:taskHeader" -> headers.put(binding.get("key").asText(), value);
        case "zeebe:property" -> properties.put(binding.get("name").asText(), value);
        default -> throw new IllegalStateException("unexpected binding " + binding);
      }
    }
    return new Applied(type, retries, inputs, headers, outputs, properties);
  }

  /**
   * Runs the task once on the embedded Zeebe engine: a one-task process with the applied bindings
   * is deployed, an instance starts with {@code scope} as its variables, Zeebe evaluates the input
   * mappings and creates the job, Camunda's REST connector runs it in the real job handler as a job
   * worker of the engine, and Zeebe applies the output mapping. An instance left waiting (a job in
   * its retry backoff, an incident) is cancelled afterwards, so no later run sees its job.
   *
   * @param scope the variables visible to the task
   * @param reroute {@code https://host} prefixes to replace by a local {@code http://host:port}
   * @param secrets the runtime's connector secrets
   * @param retries the task's retries (the job's retries on its first attempt)
   */
  Run run(
      Applied task,
      Map<String, Object> scope,
      Map<String, String> reroute,
      Map<String, String> secrets,
      int retries) {
    EmbeddedZeebe zeebe = EmbeddedZeebe.shared();
    String processId = "no-install-task-" + RUNS.incrementAndGet();
    zeebe.deploy(oneTaskProcess(processId, task, retries), processId + ".bpmn");
    ReroutingConnector connector = new ReroutingConnector(new HttpJsonFunction(), reroute);
    List<String> fetched =
        List.of(HttpJsonFunction.class.getAnnotation(OutboundConnector.class).inputVariables());
    try (ConnectorWorker worker =
        zeebe.openWorker(
            task.type(),
            connector,
            secrets,
            WorkerSettings.defaults().withFetchVariables(fetched))) {
      long instance = zeebe.startInstance(processId, scope);
      try {
        return runOf(zeebe.records(), instance, task, worker, connector);
      } finally {
        zeebe.cancel(instance);
      }
    }
  }

  private static Run runOf(
      ProcessRecords records,
      long instance,
      Applied task,
      ConnectorWorker worker,
      ReroutingConnector connector) {
    records.await(
        "a job outcome or an incident in " + instance,
        () ->
            records.jobs(instance).stream().anyMatch(r -> r.getIntent() != JobIntent.CREATED)
                    || !records.incidents(instance).isEmpty()
                ? Optional.of(true)
                : Optional.empty());
    if (records.jobs(instance).isEmpty()) {
      throw new IllegalStateException(
          "Zeebe created no job: " + records.incidents(instance).get(0).getErrorMessage());
    }
    JobOutcome outcome = records.awaitJobOutcome(instance);
    Map<String, Object> written = new LinkedHashMap<>();
    if (outcome.kind() == JobOutcome.Kind.COMPLETED) {
      // What the task's output mappings wrote: their targets, as the process sees them.
      Map<String, Object> variables = records.awaitCompleted(instance);
      task.outputs().forEach(out -> written.put(out.target(), variables.get(out.target())));
    }
    Object url = records.localVariable(instance, "url").map(v -> v.get(0)).orElse(null);
    List<Map<String, Object>> jobs = worker.activatedJobVariables();
    Map<String, Object> job = jobs.isEmpty() ? Map.of() : connector.rerouted(jobs.get(0));
    return new Run(url, job, outcome, written);
  }

  /** The task as the Modeler writes it, between a start and an end event. */
  static String oneTaskProcess(String processId, Applied task, int retries) {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .serviceTask(
                TASK_ID,
                service -> {
                  service.zeebeJobType(task.type()).zeebeJobRetries(String.valueOf(retries));
                  task.inputs().forEach(in -> service.zeebeInput(in.source(), in.target()));
                  task.outputs().forEach(out -> service.zeebeOutput(out.source(), out.target()));
                  task.headers().forEach(service::zeebeTaskHeader);
                })
            .endEvent()
            .done());
  }
}
