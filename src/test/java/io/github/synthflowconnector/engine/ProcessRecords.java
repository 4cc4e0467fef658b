package io.github.synthflowconnector.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What the engine wrote to its log, read for one process instance: element states, jobs, incidents,
 * variables. Only events count (not commands or rejections). The {@code await} methods wait on a
 * condition with a generous timeout, never a fixed sleep: CI machines are slow.
 */
public final class ProcessRecords {

  /** Long enough for a loaded 2-core CI machine; a passing test never waits for it. */
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RecordStreamSource source;

  ProcessRecords(RecordStreamSource source) {
    this.source = source;
  }

  /** Every record so far (a snapshot), for filters this class does not offer. */
  public RecordStream stream() {
    return RecordStream.of(source);
  }

  /** The element events of one instance, in log order. */
  public List<Record<ProcessInstanceRecordValue>> elements(long processInstanceKey) {
    return events(stream().processInstanceRecords())
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
        .toList();
  }

  /** The intents one element went through in one instance, in order (every instance of it). */
  public List<ProcessInstanceIntent> states(long processInstanceKey, String elementId) {
    return elements(processInstanceKey).stream()
        .filter(r -> r.getValue().getElementId().equals(elementId))
        .map(r -> (ProcessInstanceIntent) r.getIntent())
        .toList();
  }

  /** How many times the element reached the given state in the instance. */
  public long count(long processInstanceKey, String elementId, ProcessInstanceIntent intent) {
    return states(processInstanceKey, elementId).stream().filter(intent::equals).count();
  }

  /** The job events of one instance, in order. */
  public List<Record<JobRecordValue>> jobs(long processInstanceKey) {
    return events(stream().jobRecords())
        .filter(r -> r.getValue().getProcessInstanceKey() == processInstanceKey)
        .toList();
  }

  /** The job events of one instance with the given intent, in order. */
  public List<Record<JobRecordValue>> jobs(long processInstanceKey, JobIntent intent) {
    return jobs(processInstanceKey).stream().filter(r -> r.getIntent() == intent).toList();
  }

  /**
   * Waits for the first job of the instance to end an attempt (completed, failed or error thrown)
   * and returns what the job handler's command did to it, read from the engine's job event: the
   * command's variables, retries, backoff, message and BPMN error code.
   */
  public JobOutcome awaitJobOutcome(long processInstanceKey) {
    return awaitJobOutcome(processInstanceKey, 1);
  }

  /** As {@link #awaitJobOutcome(long)}, for the instance's n-th attempt (1 = first). */
  public JobOutcome awaitJobOutcome(long processInstanceKey, int attempt) {
    Record<JobRecordValue> event =
        await(
            "attempt " + attempt + " of a job in process instance " + processInstanceKey,
            () ->
                jobs(processInstanceKey).stream()
                    .filter(r -> OUTCOMES.containsKey((JobIntent) r.getIntent()))
                    .skip(attempt - 1L)
                    .findFirst());
    JobRecordValue job = event.getValue();
    return new JobOutcome(
        OUTCOMES.get((JobIntent) event.getIntent()),
        job.getVariables(),
        event.getIntent() == JobIntent.FAILED ? job.getRetries() : null,
        job.getRetryBackoff() > 0 ? Duration.ofMillis(job.getRetryBackoff()) : null,
        job.getErrorMessage(),
        job.getErrorCode().isEmpty() ? null : job.getErrorCode(),
        List.of("engine: job " + event.getKey() + " " + event.getIntent()));
  }

  private static final Map<JobIntent, JobOutcome.Kind> OUTCOMES =
      Map.of(
          JobIntent.COMPLETED, JobOutcome.Kind.COMPLETED,
          JobIntent.FAILED, JobOutcome.Kind.FAILED,
          JobIntent.ERROR_THROWN, JobOutcome.Kind.BPMN_ERROR);

  /** The incidents created in one instance, in order. */
  public List<IncidentRecordValue> incidents(long processInstanceKey) {
    return events(stream().incidentRecords())
        .filter(r -> r.getIntent() == IncidentIntent.CREATED)
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey)
        .toList();
  }

  /** The instance's own variables (process scope), each at its latest value, parsed from JSON. */
  public Map<String, Object> variables(long processInstanceKey) {
    return variablesOfScope(processInstanceKey, processInstanceKey);
  }

  /** The variables of one scope (an element instance key), each at its latest value. */
  public Map<String, Object> variablesOfScope(long processInstanceKey, long scopeKey) {
    Map<String, Object> latest = new LinkedHashMap<>();
    events(stream().variableRecords())
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey && v.getScopeKey() == scopeKey)
        .forEach(v -> latest.put(v.getName(), parse(v)));
    return latest;
  }

  /**
   * The first value of a variable created below the process scope (an element's local variable,
   * e.g. one of a task's input mappings), or empty when there is none. A present {@code null} value
   * is returned as an empty list's absence would hide it: wrapped in {@link Optional} of a
   * singleton list.
   */
  public Optional<List<Object>> localVariable(long processInstanceKey, String name) {
    return events(stream().variableRecords())
        .map(Record::getValue)
        .filter(v -> v.getProcessInstanceKey() == processInstanceKey)
        .filter(v -> v.getScopeKey() != processInstanceKey && v.getName().equals(name))
        .findFirst()
        .map(v -> java.util.Collections.singletonList(parse(v)));
  }

  /** Whether the instance has completed (its process element did). */
  public boolean completed(long processInstanceKey) {
    return elements(processInstanceKey).stream()
        .anyMatch(r ->
            r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
                && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
  }

  /** Waits until the instance completes; returns its variables. */
  public Map<String, Object> awaitCompleted(long processInstanceKey) {
    await(
        "process instance " + processInstanceKey + " to complete",
        () -> completed(processInstanceKey) ? Optional.of(true) : Optional.empty());
    return variables(processInstanceKey);
  }

  /** Waits for the instance's first incident. */
  public IncidentRecordValue awaitIncident(long processInstanceKey) {
    return await(
        "an incident in process instance " + processInstanceKey,
        () -> incidents(processInstanceKey).stream().findFirst());
  }

  /** Waits until the element has reached the state {@code times} times in the instance. */
  public void awaitState(
      long processInstanceKey, String elementId, ProcessInstanceIntent intent, long times) {
    await(
        elementId + " " + intent + " x" + times + " in process instance " + processInstanceKey,
        () ->
            count(processInstanceKey, elementId, intent) >= times
                ? Optional.of(true)
                : Optional.empty());
  }

  /**
   * Polls {@code condition} until it yields a value or {@link #PATIENCE} runs out; the failure
   * message names what was awaited and lists the instance-independent record count.
   */
  public <T> T await(String what, Supplier<Optional<T>> condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      Optional<T> value = condition.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static <T extends io.camunda.zeebe.protocol.record.RecordValue> Stream<Record<T>> events(
      Iterable<Record<T>> records) {
    return StreamSupport.stream(records.spliterator(), false)
        .filter(r -> r.getRecordType() == RecordType.EVENT);
  }

  private static Object parse(VariableRecordValue variable) {
    try {
      return JSON.readValue(variable.getValue(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("variable " + variable.getName() + " is not JSON", e);
    }
  }
}
