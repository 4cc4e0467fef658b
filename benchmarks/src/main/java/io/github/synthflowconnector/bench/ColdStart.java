package io.github.synthflowconnector.bench;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;

/**
 * Measures one contender's first call in a fresh JVM: creating the client or connector instance
 * plus the first DELETE, printed in microseconds. {@link BenchmarkMain} starts one JVM per run.
 *
 * <p>A connector's first job never meets a cold runtime: by then the runtime has started, and its
 * object mapper and validator have handled other jobs. So before timing, the runtime's shared parts
 * bind and validate one unrelated job; the contender's own classes, client and request types stay
 * cold.
 */
public final class ColdStart {

  static final String RESULT_PREFIX = "cold-first-call-us=";

  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    Contender contender = Contender.valueOf(args[0]);
    String apiRoot = args[1];

    RuntimeParts runtime = new RuntimeParts();
    runtime
        .context(runtime.job("io.camunda:other-connector:1", Map.of("name", "warm-up")))
        .bindVariables(OtherJob.class);
    Contender.Start start = contender.prepare(apiRoot, runtime);

    long begin = System.nanoTime();
    Contender.Deleter deleter = start.start();
    String status = deleter.delete();
    long micros = (System.nanoTime() - begin) / 1_000;

    Contender.checkOk(status);
    System.out.println(RESULT_PREFIX + micros);
    // The clients' pools keep non-daemon threads alive.
    System.exit(0);
  }

  /** Input of some other connector the runtime has run before. */
  public record OtherJob(@NotBlank String name) {}
}
