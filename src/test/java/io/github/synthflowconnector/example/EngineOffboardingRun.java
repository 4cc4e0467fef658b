package io.github.synthflowconnector.example;

import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import io.github.synthflowconnector.engine.ConnectorWorker;
import io.github.synthflowconnector.engine.EmbeddedZeebe;
import io.github.synthflowconnector.engine.ProcessRecords;
import io.github.synthflowconnector.engine.ReroutingConnector;
import io.github.synthflowconnector.engine.WorkerSettings;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An example offboarding ({@code examples/offboarding.bpmn}, or {@code
 * offboarding-no-install.bpmn}) on the embedded Zeebe engine: Zeebe runs the process (input
 * mappings, the sequential multi-instance, the error expression's BPMN error caught by the boundary
 * event, retries after the backoff, the summary script task, the incident), the connector (or
 * Camunda's REST connector) runs in the real connector runtime's job handler as the engine's job
 * worker, and what is printed is read from what the engine did.
 *
 * <p>Changes to the BPMN, all printed by the runner: the connector task's region points at the
 * stand-in (the REST connector's URL is rerouted after Zeebe computed it instead), and the
 * operator's Camunda user task is deployed as a job-based user task, which the runner completes as
 * the operator would. Zeebe 8.8 completes a Camunda user task only through its REST API, and the
 * embedded engine serves gRPC only.
 */
final class EngineOffboardingRun {

  /** The operator task's form, deployed with the BPMN: Zeebe needs it to activate the task. */
  static final Path FORM = Path.of("examples", "release-number-by-hand.form");

  static final String OPERATOR_TASK_TYPE = "io.camunda.zeebe:userTask";
  private static final String CAMUNDA_USER_TASK = "<zeebe:userTask />";
  private static final String OPERATOR_TASK_NAME = "Release the number by hand";

  private final StoryPrinter story;
  private final PrintStream out;
  private final List<SynthflowStandIn.Exchange> pending = new ArrayList<>();

  EngineOffboardingRun(PrintStream out) {
    this.story = new StoryPrinter(out);
    this.out = out;
  }

  /** The connector, recording the {@code error.code} of each attempt that threw one. */
  private static final class CodeRecorder implements OutboundConnectorFunction {
    private final OutboundConnectorFunction connector;
    private final boolean codesAreErrorCodes;
    private final List<String> codes = Collections.synchronizedList(new ArrayList<>());

    CodeRecorder(OutboundConnectorFunction connector, boolean codesAreErrorCodes) {
      this.connector = connector;
      this.codesAreErrorCodes = codesAreErrorCodes;
    }

    @Override
    public Object execute(io.camunda.connector.api.outbound.OutboundConnectorContext context)
        throws Exception {
      try {
        Object result = connector.execute(context);
        codes.add(null);
        return result;
      } catch (ConnectorException e) {
        // The REST connector's code is the HTTP status; its error.code comes from the template.
        codes.add(codesAreErrorCodes ? e.getErrorCode() : null);
        throw e;
      } catch (Exception | Error e) {
        codes.add(null);
        throw e;
      }
    }
  }

  /**
   * What differs between the runs: the job worker's connector and the variables it fetches (its
   * input variables, as the runtime's worker does), and the task inputs the deployed BPMN changes.
   *
   * @param connector a new connector for each instance
   * @param codesAreErrorCodes whether the connector's exception code is the job's error.code
   * @param inputs {@code zeebe:input} elements of the BPMN, each with what replaces it
   */
  record Flavour(
      Supplier<OutboundConnectorFunction> connector,
      boolean codesAreErrorCodes,
      Class<?> connectorClass,
      Map<String, String> inputs) {

    /** This connector, with the given input changes. */
    static Flavour connector(Map<String, String> inputs) {
      return new Flavour(
          SynthflowDeletePhoneNumberFunction::new,
          true,
          SynthflowDeletePhoneNumberFunction.class,
          inputs);
    }

    /** Camunda's REST connector, its URL's host sent elsewhere after Zeebe computed it. */
    static Flavour restConnector(Map<String, String> reroute) {
      return new Flavour(
          () -> new ReroutingConnector(new HttpJsonFunction(), reroute),
          false,
          HttpJsonFunction.class,
          Map.of());
    }

    List<String> fetched() {
      return List.of(connectorClass.getAnnotation(OutboundConnector.class).inputVariables());
    }
  }

  /**
   * One process instance: the key in the connector secret, how many numbers it runs before it ends
   * (completed, or waiting on an incident), and what an incident waits for.
   */
  record Instance(String title, String secret, int numbers, String incidentWaitsFor) {}

  /** The {@code zeebe:input} element for a static source, as the Modeler writes it. */
  static String input(String source, String target) {
    return "<zeebe:input source=\"" + source + "\" target=\"" + target + "\" />";
  }

  /** The BPMN as deployed for this run: the flavour's input changes, job-based operator task. */
  static String deployedBpmn(Path bpmn, Map<String, String> inputs) throws IOException {
    String xml = Files.readString(bpmn);
    if (!xml.contains(CAMUNDA_USER_TASK)) {
      throw new IllegalStateException(bpmn + " no longer has the operator's user task");
    }
    for (Map.Entry<String, String> change : inputs.entrySet()) {
      if (!xml.contains(change.getKey())) {
        throw new IllegalStateException(bpmn + " no longer has " + change.getKey());
      }
      xml = xml.replace(change.getKey(), change.getValue());
    }
    return xml.replace(CAMUNDA_USER_TASK, "");
  }

  void printChanges() {
    out.println(
        "  The operator's task is a Camunda user task, which Zeebe 8.8 completes only through its"
            + " REST API;");
    out.println(
        "  the embedded engine serves gRPC, so it is deployed as a job-based user task here, and"
            + " the runner");
    out.println("  completes its job as the operator would.");
  }

  /**
   * Deploys the BPMN and runs the instances one after the other.
   *
   * @param synthflow the stand-in, or null when the connector calls Synthflow itself
   */
  void run(
      Path projectDir,
      Path bpmn,
      BpmnTask task,
      Map<String, Object> processVariables,
      SynthflowStandIn synthflow,
      Flavour flavour,
      List<Instance> instances)
      throws IOException {
    try (EmbeddedZeebe zeebe = EmbeddedZeebe.start()) {
      zeebe
          .client()
          .newDeployResourceCommand()
          .addResourceFile(projectDir.resolve(FORM).toString())
          .addResourceStringUtf8(
              deployedBpmn(projectDir.resolve(bpmn), flavour.inputs()),
              bpmn.getFileName().toString())
          .send()
          .join();
      String processId =
          zeebe.records().stream().processRecords().iterator().next().getValue().getBpmnProcessId();
      try (JobWorker operator =
          zeebe
              .client()
              .newWorker()
              .jobType(OPERATOR_TASK_TYPE)
              .handler((client, job) -> client.newCompleteCommand(job.getKey()).send().join())
              .open()) {
        for (int i = 0; i < instances.size(); i++) {
          Instance instance = instances.get(i);
          out.println();
          out.println("Process instance " + (i + 1) + ": " + instance.title());
          long key =
              runInstance(zeebe, processId, task, processVariables, synthflow, flavour, instance);
          printEnd(zeebe, key, task, projectDir.resolve(bpmn), instance);
        }
      }
    }
  }

  /** How the instance ended: its collected results and summary, or its incident. */
  private void printEnd(EmbeddedZeebe zeebe, long instance, BpmnTask task, Path bpmn, Instance run)
      throws IOException {
    ProcessRecords records = zeebe.records();
    boolean completed =
        records.await(
            "the end of instance " + instance,
            () ->
                records.completed(instance)
                    ? Optional.of(true)
                    : records.incidents(instance).isEmpty()
                        ? Optional.empty()
                        : Optional.of(false));
    if (completed) {
      printAfterLoop(records.awaitCompleted(instance), task, bpmn);
      return;
    }
    IncidentRecordValue incident = records.incidents(instance).get(0);
    out.println(
        "     process       incident "
            + incident.getErrorType()
            + " on \""
            + task.name()
            + "\": the instance waits for "
            + run.incidentWaitsFor());
    zeebe.cancel(instance);
  }

  /** Runs the instance's numbers, printing each attempt as the engine records it. */
  @SuppressWarnings("unchecked")
  private long runInstance(
      EmbeddedZeebe zeebe,
      String processId,
      BpmnTask task,
      Map<String, Object> processVariables,
      SynthflowStandIn synthflow,
      Flavour flavour,
      Instance run) {
    CodeRecorder connector =
        new CodeRecorder(flavour.connector().get(), flavour.codesAreErrorCodes());
    List<Map<String, Object>> lines =
        (List<Map<String, Object>>)
            ((Map<String, Object>) processVariables.get("workspace")).get("phoneNumbers");
    try (ConnectorWorker worker =
        zeebe.openWorker(
            task.type(),
            connector,
            Map.of(LocalRunner.SECRET_NAME, run.secret()),
            WorkerSettings.defaults().withFetchVariables(flavour.fetched()))) {
      long instance = zeebe.startInstance(processId, processVariables);
      ProcessRecords records = zeebe.records();
      int attempt = 0;
      int operatorTasks = 0;
      for (int i = 0; i < run.numbers(); i++) {
        out.println();
        out.println(
            "  -- Number "
                + (i + 1)
                + " of "
                + lines.size()
                + ": "
                + StoryPrinter.describe(lines.get(i)));
        int retriesBefore = Integer.parseInt(task.retries().strip());
        boolean firstAttempt = true;
        while (true) {
          attempt++;
          JobOutcome outcome = records.awaitJobOutcome(instance, attempt);
          if (firstAttempt) {
            out.println(
                "     job variables "
                    + StoryPrinter.json(worker.activatedJobVariables().get(attempt - 1)));
            firstAttempt = false;
          }
          if (synthflow != null) {
            story.printExchanges(
                exchangesFor(synthflow, lines.get(i)),
                "the connector stopped before calling Synthflow");
          }
          story.printOutcome(
              task, withCode(outcome, connector.codes.get(attempt - 1)), retriesBefore);
          if (outcome.kind() == JobOutcome.Kind.FAILED && outcome.retries() > 0) {
            out.println(
                "     (Zeebe activates the job again after its backoff of "
                    + outcome.retryBackoff().toSeconds()
                    + " s; the runner waits for it)");
            retriesBefore = outcome.retries();
            continue;
          }
          if (outcome.kind() == JobOutcome.Kind.BPMN_ERROR
              && task.boundaryFor(outcome.bpmnErrorCode())
                  .map(b -> b.next().equals(OPERATOR_TASK_NAME))
                  .orElse(false)) {
            operatorTasks++;
            records.awaitState(
                instance,
                "ReleaseNumberByHand",
                ProcessInstanceIntent.ELEMENT_COMPLETED,
                operatorTasks);
            out.println("     operator      completed \"" + OPERATOR_TASK_NAME + "\"");
          }
          break;
        }
      }
      return instance;
    }
  }

  /**
   * The HTTP exchanges of the job with these variables: Zeebe may already be running the next
   * number's job when this one's outcome is read, so exchanges are told apart by the line's slug (a
   * job's retry runs only after its backoff, long after its outcome is read).
   */
  private List<SynthflowStandIn.Exchange> exchangesFor(
      SynthflowStandIn synthflow, Map<String, Object> line) {
    pending.addAll(synthflow.drainExchanges());
    String slug = String.valueOf(line.get("number")).replaceAll("[^0-9]", "");
    List<SynthflowStandIn.Exchange> ours =
        pending.stream()
            .filter(e -> !slug.isEmpty() && e.path().endsWith("/numbers/" + slug))
            .toList();
    pending.removeAll(ours);
    return ours;
  }

  /**
   * The outcome with the connector's {@code error.code} in its variables, where the runtime puts
   * it: Zeebe Process Test's gateway drops a fail command's variables, so the engine's record has
   * none; the code is the one the connector threw for this attempt.
   */
  private static JobOutcome withCode(JobOutcome outcome, String code) {
    if (outcome.kind() != JobOutcome.Kind.FAILED || code == null) {
      return outcome;
    }
    return new JobOutcome(
        outcome.kind(),
        Map.of("error", Map.of("code", code)),
        outcome.retries(),
        outcome.retryBackoff(),
        outcome.errorMessage(),
        outcome.bpmnErrorCode(),
        outcome.commands());
  }

  @SuppressWarnings("unchecked")
  private void printAfterLoop(Map<String, Object> variables, BpmnTask task, Path bpmn)
      throws IOException {
    String outputCollection =
        task.scope().map(BpmnTask.MultiInstanceScope::outputCollection).orElse("numberResults");
    out.println();
    out.println("  After the multi-instance, process variable " + outputCollection + ":");
    for (Object result : (List<Object>) variables.get(outputCollection)) {
      out.println("    " + StoryPrinter.json(result));
    }
    for (BpmnReader.ScriptTask script : BpmnReader.scriptTasks(bpmn)) {
      out.println(
          "  Script task \""
              + script.name()
              + "\": "
              + script.resultVariable()
              + " = "
              + StoryPrinter.json(variables.get(script.resultVariable())));
    }
  }
}
