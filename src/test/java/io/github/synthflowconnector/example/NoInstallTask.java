package io.github.synthflowconnector.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.github.synthflowconnector.TemplateConditions;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service task with the no-install template applied, run the whole way a cluster would: the
 * template's bindings as the Modeler writes them for the given field values, the input mappings
 * evaluated with FEEL ({@link ZeebeMappings}), the job (only the variables the REST connector
 * fetches) executed by Camunda's REST connector 8.8.7 inside the real 8.8.7 job handler ({@link
 * RuntimeHarness}), and the template's output mapping applied to a completed job.
 *
 * <p>The region hosts are https on the internet; a test cannot serve them. The task's URL is
 * computed exactly as in a cluster and recorded; only then is its {@code https://host} part
 * replaced by the local server's {@code http://127.0.0.1:port}, like a hosts-file entry would, so
 * the path the REST connector sends is the template's own.
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

  private final ZeebeMappings mappings = new ZeebeMappings();

  static JsonNode template() {
    try {
      return JSON.readTree(Files.readString(TEMPLATE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Applies the template as the Modeler does: every property whose condition holds, in template
   * order, with the modeler's value where given and the template's default otherwise.
   */
  static Applied apply(Map<String, String> fieldValues) {
    JsonNode template = template();
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
   * Runs the task once.
   *
   * @param scope the variables visible to the task
   * @param reroute {@code https://host} prefixes to replace by a local {@code http://host:port}
   * @param secrets the runtime's connector secrets
   * @param retries the job's retries left
   */
  Run run(
      Applied task,
      Map<String, Object> scope,
      Map<String, String> reroute,
      Map<String, String> secrets,
      int retries) {
    Map<String, Object> locals = mappings.inputs(task.inputs(), scope);
    Object url = locals.get("url");
    Map<String, Object> job = new LinkedHashMap<>();
    Set<String> fetched =
        Set.of(HttpJsonFunction.class.getAnnotation(OutboundConnector.class).inputVariables());
    locals.forEach((name, value) -> {
      if (fetched.contains(name)) {
        job.put(name, value);
      }
    });
    if (url instanceof String text) {
      for (Map.Entry<String, String> route : reroute.entrySet()) {
        if (text.startsWith(route.getKey() + "/")) {
          job.put("url", route.getValue() + text.substring(route.getKey().length()));
        }
      }
    }
    RuntimeHarness runtime =
        new RuntimeHarness(new HttpJsonFunction(), secrets, HttpJsonFunction.TYPE);
    JobOutcome outcome = runtime.run(job, task.headers(), retries);
    Map<String, Object> written = new LinkedHashMap<>();
    if (outcome.kind() == JobOutcome.Kind.COMPLETED) {
      Map<String, Object> elementScope = new LinkedHashMap<>(scope);
      elementScope.putAll(locals);
      if (outcome.variables() != null) {
        elementScope.putAll(outcome.variables());
      }
      for (BpmnTask.Mapping output : task.outputs()) {
        written.put(
            output.target(),
            mappings.value(output.source(), elementScope, "output " + output.target()));
      }
    }
    return new Run(url, job, outcome, written);
  }
}
