package io.github.synthflowconnector.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One DELETE per operation. Modes, threads and iterations are set by {@link BenchmarkMain}; the
 * stand-in runs in the parent JVM and its API root arrives as a system property.
 *
 * <p>The state is per benchmark, not per thread: all threads share one client or connector
 * instance, as all worker threads of a runtime do.
 */
@State(Scope.Benchmark)
public class DeleteBenchmark {

  static final String API_ROOT_PROPERTY = "bench.apiRoot";

  /**
   * Smoke mode checks every measured call's answer, so that a contender that stops deleting fails
   * the run; the full run leaves it out of the measured path (a constant, folded away by the JIT).
   */
  static final String CHECK_EVERY_CALL_PROPERTY = "bench.checkEveryCall";

  private static final boolean CHECK_EVERY_CALL = Boolean.getBoolean(CHECK_EVERY_CALL_PROPERTY);

  @Param({"FLOOR", "IDEAL", "CONNECTOR", "REST", "NO_INSTALL"})
  public String contender;

  private Contender.Deleter deleter;

  @Setup(Level.Trial)
  public void open() throws Exception {
    String apiRoot = System.getProperty(API_ROOT_PROPERTY);
    if (apiRoot == null) {
      throw new IllegalStateException(
          "run through BenchmarkMain: -D" + API_ROOT_PROPERTY + " unset");
    }
    deleter = Contender.valueOf(contender).open(apiRoot, new RuntimeParts());
    Contender.checkOk(deleter.delete());
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    deleter.close();
  }

  @Benchmark
  public String delete() throws Exception {
    String status = deleter.delete();
    if (CHECK_EVERY_CALL) {
      Contender.checkOk(status);
    }
    return status;
  }
}
