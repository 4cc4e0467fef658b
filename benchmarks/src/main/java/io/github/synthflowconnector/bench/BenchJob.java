package io.github.synthflowconnector.bench;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.DocumentReferenceResponse;
import io.camunda.client.api.response.UserTaskProperties;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.enums.ListenerEventType;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job as the runtime receives it from Zeebe: variables as a JSON string, task headers as a map.
 * Hand-written rather than mocked so that no mocking framework runs inside a measured call.
 */
final class BenchJob implements ActivatedJob {

  private final String type;
  private final String variables;
  private final Map<String, String> headers;

  BenchJob(String type, String variables, Map<String, String> headers) {
    this.type = type;
    this.variables = variables;
    this.headers = Map.copyOf(headers);
  }

  @Override
  public long getKey() {
    return 2251799813685249L;
  }

  @Override
  public String getType() {
    return type;
  }

  @Override
  public long getProcessInstanceKey() {
    return 2251799813685248L;
  }

  @Override
  public String getBpmnProcessId() {
    return "offboarding";
  }

  @Override
  public int getProcessDefinitionVersion() {
    return 1;
  }

  @Override
  public long getProcessDefinitionKey() {
    return 2251799813685247L;
  }

  @Override
  public String getElementId() {
    return "DeletePhoneNumber";
  }

  @Override
  public long getElementInstanceKey() {
    return 2251799813685246L;
  }

  @Override
  public Map<String, String> getCustomHeaders() {
    return headers;
  }

  @Override
  public String getWorker() {
    return "benchmark";
  }

  @Override
  public int getRetries() {
    return 3;
  }

  @Override
  public long getDeadline() {
    return Long.MAX_VALUE;
  }

  @Override
  public String getVariables() {
    return variables;
  }

  // The job handler only reads the JSON string; the typed accessors are never called.

  @Override
  public Map<String, Object> getVariablesAsMap() {
    throw new UnsupportedOperationException();
  }

  @Override
  public <T> T getVariablesAsType(Class<T> variableType) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object getVariable(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public UserTaskProperties getUserTask() {
    return null;
  }

  @Override
  public JobKind getKind() {
    return JobKind.BPMN_ELEMENT;
  }

  @Override
  public ListenerEventType getListenerEventType() {
    return ListenerEventType.UNSPECIFIED;
  }

  @Override
  public String toJson() {
    throw new UnsupportedOperationException();
  }

  @Override
  public String getTenantId() {
    return "<default>";
  }

  @Override
  public List<DocumentReferenceResponse> getDocumentReferences(String variableName) {
    return List.of();
  }

  @Override
  public Set<String> getTags() {
    return Set.of();
  }
}
