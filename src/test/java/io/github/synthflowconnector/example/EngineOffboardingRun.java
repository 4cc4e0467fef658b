package io.github.synthflowconnector.example;

import io.camunda.client.api.worker.JobWorker;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import io.github.synthflowconnector.engine.ConnectorWorker;
import io.github.synthflowconnector.engine.EmbeddedZeebe;
import io.github.synthflowconnector.engine.ProcessRecords;
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

/**
 * The example offboarding ({@code examples/offboarding.bpmn}) on the embedded Zeebe engine: Zeebe
 * runs the process (input mappings, the sequential multi-instance, the error expression's BPMN
 * error caught by the boundary event, retries after the backoff, the summary script task, the
 * incident), the connector runs in the real connector runtime's job handler as the engine's job
 * worker, and what is printed is read from what the engine did.
 *
 * <p>Two changes to the BPMN, both printed: the task's region points at the stand-in, and the
 * operator's Camunda user task is deployed as a job-based user task, which the runner completes as
 * the operator would. Zeebe 8.8 completes a Camunda user task only through its REST API, and the
 * embedded engine serves gRPC only.
 */
final class EngineOffboardingRun {

  /** The operator task's form, deployed with the BPMN: Zeebe needs it to activate the task. */
  static final Path FORM = Path.of("examples", "release-number-by-hand.form");

  static final String OPERATOR_TASK_TYPE = "io.camunda.zeebe:userTask";
  private static final String CAMUNDA_USER_TASK = "<zeebe:userTask />";

  private final LocalRunner runner;
  private final PrintStream out;
  private final List<SynthflowStandIn.Exchange> pending = new ArrayList<>();

  EngineOffboardingRun(LocalRunner runner, PrintStream out) {
    this.runner = runner;
    this.out = out;
  }

  /** The connector, recording the {@code error.code} of each attempt that threw one. */
  private static final class CodeRecorder implements OutboundConnectorFunction {
    private final OutboundConnectorFunction connector = new SynthflowDeletePhoneNumberFunction();
    private final List<String> codes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Object execute(io.camunda.connector.api.outbound.OutboundConnectorContext context)
        throws Exception {
      try {
        Object result = connector.execute(context);
        codes.add(null);
        return result;
      } catch (ConnectorException e) {
        codes.add(e.getErrorCode());
        throw e;
      } catch (Exception | Error e) {
        codes.add(null);
        throw e;
      }
    }
  }

  /** The BPMN as deployed for this run: stand-in base URL, job-based operator task. */
  static String deployedBpmn(Path bpmn, String apiRoot) throws IOException {
    String xml = Files.readString(bpmn);
    String region = "<zeebe:input source=\"eu\" target=\"region\" />";
    if (!xml.contains(region) || !xml.contains(CAMUNDA_USER_TASK)) {
      throw new IllegalStateException(bpmn + " no longer has the region input or user task");
    }
    return xml.replace(
            region,
            "<zeebe:input source=\"custom\" target=\"region\" />"
                + "<zeebe:input source=\""
                + apiRoot
                + "\" target=\"baseUrl\" />")
        .replace(CAMUNDA_USER_TASK, "");
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

  /** Instance 1 with every number, then instance 2 with a revoked key. */
  void run(
      Path projectDir,
      Path bpmn,
      BpmnTask task,
      Map<String, Object> processVariables,
      List<Map<String, Object>> lines,
      SynthflowStandIn synthflow)
      throws IOException {
    try (EmbeddedZeebe zeebe = EmbeddedZeebe.start()) {
      zeebe
          .client()
          .newDeployResourceCommand()
          .addResourceFile(projectDir.resolve(FORM).toString())
          .addResourceStringUtf8(
              deployedBpmn(projectDir.resolve(bpmn), synthflow.apiRoot()), "offboarding.bpmn")
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
        out.println();
        out.println(
            "Process instance 1: offboarding of "
                + LocalRunner.describe(processVariables.get("workspace"))
                + ", one job per number");
        long first =
            runInstance(
                zeebe,
                processId,
                task,
                processVariables,
                lines,
                LocalRunner.STAND_IN_KEY,
                synthflow,
                lines.size());
        printAfterLoop(zeebe.records().awaitCompleted(first), task, projectDir.resolve(bpmn));

        out.println();
        out.println(
            "Process instance 2: same workspace, but the connector secret still holds a revoked"
                + " key");
        long second =
            runInstance(
                zeebe,
                processId,
                task,
                processVariables,
                lines,
                LocalRunner.REVOKED_KEY,
                synthflow,
                1);
        IncidentRecordValue incident = zeebe.records().awaitIncident(second);
        out.println(
            "     process       incident "
                + incident.getErrorType()
                + " on \""
                + task.name()
                + "\": the instance waits for the secret to be fixed and the incident retried");
        zeebe.cancel(second);
      }
    }
  }

  /** Runs the first {@code numbers} numbers of a new instance, printing each attempt. */
  private long runInstance(
      EmbeddedZeebe zeebe,
      String processId,
      BpmnTask task,
      Map<String, Object> processVariables,
      List<Map<String, Object>> lines,
      String secretValue,
      SynthflowStandIn synthflow,
      int numbers) {
    CodeRecorder connector = new CodeRecorder();
    List<String> fetched =
        List.of(
            SynthflowDeletePhoneNumberFunction.class
                .getAnnotation(OutboundConnector.class)
                .inputVariables());
    try (ConnectorWorker worker =
        zeebe.openWorker(
            task.type(),
            connector,
            Map.of(LocalRunner.SECRET_NAME, secretValue),
            WorkerSettings.defaults().withFetchVariables(fetched))) {
      long instance = zeebe.startInstance(processId, processVariables);
      ProcessRecords records = zeebe.records();
      int attempt = 0;
      int operatorTasks = 0;
      for (int i = 0; i < numbers; i++) {
        out.println();
        out.println(
            "  -- Number "
                + (i + 1)
                + " of "
                + lines.size()
                + ": "
                + LocalRunner.describe(lines.get(i)));
        int retriesBefore = Integer.parseInt(task.retries().strip());
        boolean firstAttempt = true;
        while (true) {
          attempt++;
          JobOutcome outcome = records.awaitJobOutcome(instance, attempt);
          if (firstAttempt) {
            out.println(
                "     job variables "
                    + LocalRunner.json(worker.activatedJobVariables().get(attempt - 1)));
            firstAttempt = false;
          }
          runner.printExchanges(
              exchangesFor(synthflow, worker.activatedJobVariables().get(attempt - 1)),
              "the connector stopped before calling Synthflow");
          runner.printOutcome(
              task, withCode(outcome, connector.codes.get(attempt - 1)), retriesBefore);
          if (outcome.kind() == JobOutcome.Kind.FAILED && outcome.retries() > 0) {
            out.println(
                "     (Zeebe activates the job again after its backoff of "
                    + outcome.retryBackoff().toSeconds()
                    + " s; the runner waits for it)");
            retriesBefore = outcome.retries();
            continue;
          }
          if (outcome.kind() == JobOutcome.Kind.BPMN_ERROR) {
            operatorTasks++;
            records.awaitState(
                instance,
                "ReleaseNumberByHand",
                ProcessInstanceIntent.ELEMENT_COMPLETED,
                operatorTasks);
            out.println("     operator      completed \"Release the number by hand\"");
          }
          break;
        }
      }
      return instance;
    }
  }

  /**
   * The HTTP exchanges of the job with these variables: Zeebe may already be running the next
   * number's job when this one's outcome is read, so exchanges are told apart by the number's slug
   * (a job's retry runs only after its backoff, long after its outcome is read).
   */
  private List<SynthflowStandIn.Exchange> exchangesFor(
      SynthflowStandIn synthflow, Map<String, Object> jobVariables) {
    pending.addAll(synthflow.drainExchanges());
    String slug = String.valueOf(jobVariables.get("phoneNumber")).replaceAll("[^0-9]", "");
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
      out.println("    " + LocalRunner.json(result));
    }
    for (BpmnReader.ScriptTask script : BpmnReader.scriptTasks(bpmn)) {
      out.println(
          "  Script task \""
              + script.name()
              + "\": "
              + script.resultVariable()
              + " = "
              + LocalRunner.json(variables.get(script.resultVariable())));
    }
  }
}
