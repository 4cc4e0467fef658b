package io.github.synthflowconnector.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time the benchmark JVM spent per operation, all threads included (the contender's pool and
 * deadline threads too). On a shared machine, wall-clock throughput moves with everything else that
 * runs; CPU per call moves far less, and on a loopback it is what caps throughput.
 */
public final class CpuProfiler implements InternalProfiler {

  static final String NAME = "cpu.per.op";

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long startNanos;

  @Override
  public String getDescription() {
    return "process CPU time per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startNanos = OS.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long ops = result.getMetadata().getMeasuredOps();
    double micros = (OS.getProcessCpuTime() - startNanos) / 1_000.0 / Math.max(ops, 1);
    return List.of(new ScalarResult(NAME, micros, "µs/op", AggregationPolicy.AVG));
  }
}
