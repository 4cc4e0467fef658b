package io.github.synthflowconnector.example;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One templated service task of a BPMN file, as the Modeler saved it: its bindings, which tests
 * compare with the template, and the process structure around it, which the runner prints.
 *
 * @param id the element id
 * @param name the element name
 * @param templateId {@code zeebe:modelerTemplate}
 * @param templateVersion {@code zeebe:modelerTemplateVersion}
 * @param type the job type of {@code zeebe:taskDefinition}
 * @param retries the retries of {@code zeebe:taskDefinition}, as written (may be FEEL)
 * @param inputs the task's {@code zeebe:input} mappings, in order
 * @param headers the task's {@code zeebe:header}s
 * @param scope the enclosing multi-instance subprocess, if any
 * @param errorBoundaries error boundary events attached to the task
 * @param outputs the task's {@code zeebe:output} mappings, in order (with outputs, Zeebe writes
 *     only their targets to the scope; without, the job's variables)
 */
record BpmnTask(
    String id,
    String name,
    String templateId,
    String templateVersion,
    String type,
    String retries,
    List<Mapping> inputs,
    Map<String, String> headers,
    Optional<MultiInstanceScope> scope,
    List<ErrorBoundary> errorBoundaries,
    List<Mapping> outputs) {

  /** A {@code zeebe:input}: a static value, or a FEEL expression when it starts with {@code =}. */
  record Mapping(String source, String target) {}

  /**
   * A multi-instance subprocess around the task.
   *
   * @param name its name
   * @param inputCollection the FEEL expression yielding the list
   * @param inputElement the local variable each instance gets
   * @param outputCollection the variable collecting the results
   * @param outputElement the FEEL expression evaluated when an instance completes
   */
  record MultiInstanceScope(
      String name,
      String inputCollection,
      String inputElement,
      String outputCollection,
      String outputElement) {}

  /**
   * An error boundary event on the task.
   *
   * @param name the event's name
   * @param errorCode the caught code, empty when it catches every error
   * @param next the name of the element its outgoing flow leads to
   */
  record ErrorBoundary(String name, Optional<String> errorCode, String next) {}

  Optional<ErrorBoundary> boundaryFor(String errorCode) {
    return errorBoundaries.stream()
        .filter(b -> b.errorCode().map(errorCode::equals).orElse(true))
        .findFirst();
  }
}
