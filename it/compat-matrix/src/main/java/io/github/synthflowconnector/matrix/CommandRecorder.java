package io.github.synthflowconnector.matrix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.FinalCommandStep;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stands in for the Zeebe client at the last step only: the job handler builds its command with its
 * own code on this {@link JobClient}, and every builder call is written down instead of sent.
 */
final class CommandRecorder {

  private final ObjectMapper json;
  private final List<String> calls = new ArrayList<>();
  private Map<String, Object> variables;
  private Integer retries;
  private Duration backoff;
  private String errorMessage;

  private CommandRecorder(ObjectMapper json) {
    this.json = json;
  }

  /** Lets {@code prepare} build a command on a recording client; returns what it built. */
  static Outcome record(ObjectMapper json, Outcome.Kind kind, Function<JobClient, Object> prepare) {
    CommandRecorder recorder = new CommandRecorder(json);
    prepare.apply(recorder.proxy(JobClient.class));
    return new Outcome(
        kind,
        recorder.variables,
        recorder.retries,
        recorder.backoff,
        recorder.errorMessage,
        List.copyOf(recorder.calls));
  }

  @SuppressWarnings("unchecked")
  private <T> T proxy(Class<T> type) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> "command recorder";
            };
          }
          String name = method.getName();
          Object arg = args == null || args.length == 0 ? null : args[0];
          calls.add(name + (arg instanceof ActivatedJob ? "(job)" : "(" + arg + ")"));
          switch (name) {
            case "variables" -> variables = toMap(arg);
            case "retries" -> retries = (Integer) arg;
            case "retryBackoff" -> backoff = (Duration) arg;
            case "errorMessage" -> errorMessage = (String) arg;
            default -> {}
          }
          Class<?> returnType = method.getReturnType();
          // Builder steps return the next step; send() on a final step is never reached.
          if (returnType.isInterface()
              && !FinalCommandStep.class.equals(returnType.getEnclosingClass())) {
            return proxy(returnType);
          }
          return null;
        };
    return (T)
        Proxy.newProxyInstance(
            CommandRecorder.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** Variables as Zeebe receives them: the client serialises them to JSON. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> toMap(Object value) {
    if (value == null) {
      return null;
    }
    try {
      String text = value instanceof String s ? s : json.writeValueAsString(value);
      return json.readValue(text, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("variables the client could not send: " + e, e);
    }
  }
}
