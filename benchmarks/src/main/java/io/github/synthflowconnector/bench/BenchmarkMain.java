package io.github.synthflowconnector.bench;

import io.github.synthflowconnector.SynthflowDeletePhoneNumberFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison and prints one table with ratios to the floor and to the ideal
 * connector.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar           full run, about 8 minutes
 * java -jar benchmarks/target/benchmarks.jar --smoke   everything once, briefly (CI)
 * </pre>
 *
 * <p>The smoke mode proves that every contender still works and every figure can be produced: it
 * checks the answer of every measured call and exits with status 1 when a call went wrong or a
 * figure is missing. Its numbers mean nothing, and nothing here ever fails on a number.
 */
public final class BenchmarkMain {

  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    // Hibernate Validator would log its version through java.util.logging, into the table.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    List<String> options = Arrays.asList(args);
    Settings settings = options.contains("--smoke") ? Settings.SMOKE : Settings.FULL;

    Map<Contender, Figures> figures = new EnumMap<>(Contender.class);
    for (Contender contender : Contender.values()) {
      figures.put(contender, new Figures());
    }

    try (StandIn standIn = StandIn.start()) {
      // Rounds, each running every contender once in a rotated order: a noisy minute on a shared
      // machine then spoils one round of each contender, not all rounds of one of them.
      for (int round = 0; round < settings.rounds; round++) {
        for (Contender contender : rotated(round)) {
          RunResult run = jmh(settings, standIn, contender, false);
          Figures f = figures.get(contender);
          f.medianMicros.add(run.getPrimaryResult().getStatistics().getPercentile(50));
          f.p99Micros.add(run.getPrimaryResult().getStatistics().getPercentile(99));
          f.bytesPerCall.add(secondary(run, "gc.alloc.rate.norm"));
        }
        for (Contender contender : rotated(round)) {
          RunResult run = jmh(settings, standIn, contender, true);
          figures.get(contender).opsPerSecond.add(run.getPrimaryResult().getScore());
          figures.get(contender).cpuMicrosPerCall.add(secondary(run, CpuProfiler.NAME));
        }
      }
      for (Contender contender : Contender.values()) {
        figures.get(contender).connectionsPerCall = connectionsPerCall(contender, settings);
      }
      coldStarts(settings, standIn, figures);
    }

    System.out.println();
    System.out.print(
        new Report(settings.name, settings.rounds, figures, connectorJarSize()).render());
    if (settings == Settings.SMOKE) {
      List<String> missing = missingFigures(figures);
      if (!missing.isEmpty()) {
        System.err.println("benchmark smoke: figures missing or not finite: " + missing);
        System.exit(1);
      }
      System.out.println("benchmark smoke: every contender answered every call correctly");
    }
  }

  /** Every contender must have produced every figure, each a finite number, none negative. */
  static List<String> missingFigures(Map<Contender, Figures> figures) {
    List<String> missing = new ArrayList<>();
    figures.forEach((contender, f) -> {
      Map<String, List<Double>> lists =
          Map.of(
              "median", f.medianMicros,
              "p99", f.p99Micros,
              "bytes", f.bytesPerCall,
              "throughput", f.opsPerSecond,
              "cpu", f.cpuMicrosPerCall,
              "cold", f.coldMillis,
              "connections", List.of(f.connectionsPerCall));
      lists.forEach((name, values) -> {
        if (values.isEmpty()
            || values.stream().anyMatch(v -> v == null || !Double.isFinite(v) || v < 0)) {
          missing.add(contender + " " + name + " " + values);
        }
      });
    });
    return missing;
  }

  private static List<Contender> rotated(int round) {
    List<Contender> order = new ArrayList<>(List.of(Contender.values()));
    java.util.Collections.rotate(order, -round);
    return order;
  }

  private static RunResult jmh(
      Settings settings, StandIn standIn, Contender contender, boolean throughput)
      throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(DeleteBenchmark.class.getName() + ".delete$")
            .param("contender", contender.name())
            .jvmArgsAppend(
                "-D" + DeleteBenchmark.API_ROOT_PROPERTY + "=" + standIn.apiRoot(),
                "-D"
                    + DeleteBenchmark.CHECK_EVERY_CALL_PROPERTY
                    + "="
                    + (settings == Settings.SMOKE),
                "-Dorg.jboss.logging.provider=slf4j",
                "-Xms1g",
                "-Xmx1g")
            .forks(1)
            .warmupIterations(settings.warmupIterations)
            .warmupTime(settings.iterationTime)
            .measurementIterations(settings.measurementIterations)
            .measurementTime(settings.iterationTime)
            .shouldFailOnError(true);
    if (throughput) {
      options
          .mode(org.openjdk.jmh.annotations.Mode.Throughput)
          .threads(8)
          .timeUnit(TimeUnit.SECONDS)
          .addProfiler(CpuProfiler.class);
    } else {
      options
          .mode(org.openjdk.jmh.annotations.Mode.SampleTime)
          .threads(1)
          .timeUnit(TimeUnit.MICROSECONDS)
          .addProfiler(GCProfiler.class);
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    if (results.size() != 1) {
      throw new IllegalStateException("JMH returned " + results.size() + " results");
    }
    return results.iterator().next();
  }

  private static double secondary(RunResult run, String suffix) {
    for (Map.Entry<String, Result> entry : run.getSecondaryResults().entrySet()) {
      if (entry.getKey().endsWith(suffix)) {
        return entry.getValue().getScore();
      }
    }
    throw new IllegalStateException("no " + suffix + " in " + run.getSecondaryResults().keySet());
  }

  /**
   * Connections the contender opens per call once warm, counted at a stand-in of its own so that
   * every client address it sees belongs to this contender.
   */
  private static double connectionsPerCall(Contender contender, Settings settings)
      throws Exception {
    try (StandIn standIn = StandIn.startCounting();
        Contender.Deleter deleter = contender.open(standIn.apiRoot(), new RuntimeParts())) {
      for (int i = 0; i < settings.connectionWarmupCalls; i++) {
        Contender.checkOk(deleter.delete());
      }
      long connections = standIn.connections();
      long requests = standIn.requests();
      for (int i = 0; i < settings.connectionCalls; i++) {
        Contender.checkOk(deleter.delete());
      }
      return (double) (standIn.connections() - connections) / (standIn.requests() - requests);
    }
  }

  /** Fresh JVMs, contenders interleaved so that a noisy moment does not hit one of them only. */
  private static void coldStarts(
      Settings settings, StandIn standIn, Map<Contender, Figures> figures)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    for (int run = 0; run < settings.coldRuns; run++) {
      for (Contender contender : Contender.values()) {
        Process process =
            new ProcessBuilder(
                    java,
                    "-Xms1g",
                    "-Xmx1g",
                    "-cp",
                    classPath,
                    ColdStart.class.getName(),
                    contender.name(),
                    standIn.apiRoot())
                .redirectErrorStream(true)
                .start();
        String micros = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            output.append(line).append('\n');
            if (line.startsWith(ColdStart.RESULT_PREFIX)) {
              micros = line.substring(ColdStart.RESULT_PREFIX.length());
            }
          }
        }
        if (process.waitFor() != 0 || micros == null) {
          throw new IllegalStateException("cold start of " + contender + " failed:\n" + output);
        }
        figures.get(contender).coldMillis.add(Long.parseLong(micros) / 1_000.0);
      }
    }
  }

  /** The shipped jar, exactly as the benchmark loaded it. */
  private static long connectorJarSize() throws Exception {
    Path jar =
        Path.of(
            SynthflowDeletePhoneNumberFunction.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    return Files.isRegularFile(jar) ? Files.size(jar) : -1;
  }

  /** How long each part runs. */
  record Settings(
      String name,
      int rounds,
      int warmupIterations,
      int measurementIterations,
      TimeValue iterationTime,
      int connectionWarmupCalls,
      int connectionCalls,
      int coldRuns) {

    static final Settings FULL = new Settings("full", 3, 3, 4, TimeValue.seconds(2), 500, 2_000, 5);

    static final Settings SMOKE =
        new Settings("smoke (numbers meaningless)", 1, 1, 1, TimeValue.milliseconds(200), 5, 20, 1);
  }

  /**
   * Everything measured for one contender, one entry per round (per fresh JVM for the cold call),
   * so that entry i of two contenders was measured at about the same time.
   */
  static final class Figures {
    final List<Double> medianMicros = new ArrayList<>();
    final List<Double> p99Micros = new ArrayList<>();
    final List<Double> bytesPerCall = new ArrayList<>();
    final List<Double> opsPerSecond = new ArrayList<>();
    final List<Double> cpuMicrosPerCall = new ArrayList<>();
    final List<Double> coldMillis = new ArrayList<>();
    double connectionsPerCall = Double.NaN;
  }
}
