package io.github.synthflowconnector.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Prints each job attempt of an example run as the engine recorded it. */
final class StoryPrinter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  StoryPrinter(PrintStream out) {
    this.out = out;
  }

  /** The HTTP exchanges of one attempt; {@code whyNone} explains an attempt that sent nothing. */
  void printExchanges(List<SynthflowStandIn.Exchange> exchanges, String whyNone) {
    if (exchanges.isEmpty()) {
      out.println("     HTTP          none: " + whyNone);
    }
    for (int i = 0; i < exchanges.size(); i++) {
      SynthflowStandIn.Exchange exchange = exchanges.get(i);
      out.println(
          "     HTTP          "
              + exchange.method()
              + " "
              + exchange.path()
              + " -> "
              + exchange.status()
              + " "
              + exchange.body());
      if (exchange.status() == 429 && i + 1 < exchanges.size()) {
        out.println(
            "     (the worker waits for the Retry-After, then repeats in the same attempt)");
      }
    }
  }

  void printOutcome(BpmnTask task, JobOutcome outcome, int retriesBefore) {
    switch (outcome.kind()) {
      case COMPLETED -> {
        out.println("     job           completed");
        out.println("     variables     " + variables(outcome.variables()));
      }
      case BPMN_ERROR -> {
        out.println(
            "     job           BPMN error "
                + outcome.bpmnErrorCode()
                + " (from the task's error expression)");
        out.println("     message       " + outcome.errorMessage());
        out.println("     variables     " + variables(outcome.variables()));
        out.println(
            "     process       "
                + task.boundaryFor(outcome.bpmnErrorCode())
                    .map(b -> "caught by \"" + b.name() + "\", next: \"" + b.next() + "\"")
                    .orElse("no boundary event catches it: incident"));
      }
      case FAILED -> {
        boolean incident = outcome.retries() == 0;
        out.println(
            "     job           failed, error.code "
                + (outcome.connectorErrorCode() != null || outcome.errorMessage() == null
                    ? outcome.connectorErrorCode()
                    // The no-install template's jobError puts the code in front of the message.
                    : outcome.errorMessage().replaceFirst(":.*", ""))
                + ", retries "
                + retriesBefore
                + " -> "
                + outcome.retries()
                + (incident || outcome.retryBackoff() == null
                    ? ""
                    : ", retry backoff " + outcome.retryBackoff())
                + (incident ? ": INCIDENT, no retries" : ""));
        out.println("     message       " + outcome.errorMessage());
      }
    }
  }

  private static String variables(Map<String, Object> variables) {
    if (variables == null || variables.isEmpty()) {
      return "(none)";
    }
    StringBuilder text = new StringBuilder();
    variables.forEach((name, value) ->
        text.append(text.length() == 0 ? "" : ", ").append(name).append(" = ").append(json(value)));
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  static String describe(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> m = (Map<String, Object>) map;
      if (m.containsKey("label")) {
        return m.get("label") + ", " + m.get("number");
      }
      return m.get("name") + " (" + m.get("id") + ")";
    }
    return String.valueOf(value);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
