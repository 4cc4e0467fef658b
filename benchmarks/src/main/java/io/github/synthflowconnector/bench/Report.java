package io.github.synthflowconnector.bench;

import io.github.synthflowconnector.bench.BenchmarkMain.Figures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The result table (Markdown, so that it can go into the README as printed) and the targets. */
final class Report {

  private static final double MB = 1024 * 1024;

  private final String mode;
  private final int rounds;
  private final Map<Contender, Figures> figures;
  private final long jarBytes;

  Report(String mode, int rounds, Map<Contender, Figures> figures, long jarBytes) {
    this.mode = mode;
    this.rounds = rounds;
    this.figures = figures;
    this.jarBytes = jarBytes;
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("Synthflow DELETE against a loopback stand-in, run: ").append(mode).append('\n');
    out.append("Machine: ").append(machine()).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "Medians of %d round(s) (cold call: of %d fresh JVMs); a ratio is the median of the"
                + " per-round ratios, [range] when they differ by more than 0.05.%n%n",
            rounds,
            figures.get(Contender.FLOOR).coldMillis.size()));

    out.append(
        "| per call | raw HttpClient 5 (floor) | ideal connector | vs floor | this connector"
            + " | vs floor | vs ideal | Camunda REST connector 8.8.7 | vs floor"
            + " | no-install template (REST connector) | vs floor |\n");
    out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    row(out, "median latency, 1 thread", f -> f.medianMicros, "%,.0f µs");
    row(out, "p99 latency, 1 thread", f -> f.p99Micros, "%,.0f µs");
    row(out, "throughput, 8 threads", f -> f.opsPerSecond, "%,.0f /s");
    row(out, "CPU per call, 8 threads", f -> f.cpuMicrosPerCall, "%,.0f µs");
    row(out, "allocated per call", f -> f.bytesPerCall, "%,.0f B");
    row(out, "connections opened per call", f -> List.of(f.connectionsPerCall), "%.3f");
    row(out, "cold first call, fresh JVM", f -> f.coldMillis, "%,.0f ms");

    Figures floor = figures.get(Contender.FLOOR);
    Figures ideal = figures.get(Contender.IDEAL);
    Figures ours = figures.get(Contender.CONNECTOR);
    out.append(
        "\nTargets for this connector, as ratios to the ideal connector (the same runtime context,"
            + " no checks) in the same run:\n");
    ratioTargets(out, ours, ideal, 1.10, 0.90, 1.15);
    out.append("and to the floor:\n");
    ratioTargets(out, ours, floor, 1.2, 0.85, 3);
    // "About zero": at most one new connection per hundred calls, i.e. keep-alive reuse.
    target(out, "connections per call", List.of(ours.connectionsPerCall), "~ 0", 0.01);
    target(out, "cold first call", ratios(ours.coldMillis, floor.coldMillis), "<= 1.5x", 1.5);
    target(out, "-with-dependencies jar, MB", List.of(jarBytes / MB), "<= 2 MB", 2);
    return out.toString();
  }

  /** Each contender's figure, with its ratios to the floor and, for this connector, the ideal. */
  private void row(
      StringBuilder out, String label, Function<Figures, List<Double>> values, String format) {
    List<Double> floor = values.apply(figures.get(Contender.FLOOR));
    List<Double> ideal = values.apply(figures.get(Contender.IDEAL));
    out.append("| ").append(label).append(" | ").append(fmt(format, median(floor)));
    for (Contender contender :
        List.of(Contender.IDEAL, Contender.CONNECTOR, Contender.REST, Contender.NO_INSTALL)) {
      List<Double> own = values.apply(figures.get(contender));
      out.append(" | ").append(fmt(format, median(own)));
      out.append(" | ").append(ratioText(own, floor));
      if (contender == Contender.CONNECTOR) {
        out.append(" | ").append(ratioText(own, ideal));
      }
    }
    out.append(" |\n");
  }

  /** A ratio to zero (connections) says nothing: the count itself is the figure. */
  private static String ratioText(List<Double> values, List<Double> base) {
    return median(base) > 0 ? ratioText(ratios(values, base)) : "";
  }

  private static void ratioTargets(
      StringBuilder out,
      Figures ours,
      Figures base,
      double median,
      double throughput,
      double bytes) {
    target(
        out,
        "median latency",
        ratios(ours.medianMicros, base.medianMicros),
        String.format(Locale.ROOT, "<= %.2fx", median),
        median);
    target(
        out,
        "8-thread throughput",
        ratios(ours.opsPerSecond, base.opsPerSecond),
        String.format(Locale.ROOT, ">= %.2fx", throughput),
        -throughput);
    target(
        out,
        "bytes per call",
        ratios(ours.bytesPerCall, base.bytesPerCall),
        String.format(Locale.ROOT, "<= %.2fx", bytes),
        bytes);
  }

  /** {@code limit} > 0: the value must be at most it; < 0: at least its absolute value. */
  private static void target(
      StringBuilder out, String name, List<Double> values, String goal, double limit) {
    double value = median(values);
    boolean met = limit > 0 ? value <= limit : value >= -limit;
    out.append(
        String.format(
            Locale.ROOT,
            "  %-28s %-9s %-22s %s%n",
            name,
            goal,
            values.size() > 1 ? ratioText(values) : String.format(Locale.ROOT, "%.3f", value),
            Double.isNaN(value) ? "not measured" : met ? "met" : "MISSED"));
  }

  /** Per-round ratios: entry i of both lists was measured at about the same time. */
  private static List<Double> ratios(List<Double> values, List<Double> floor) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(values.size(), floor.size()); i++) {
      ratios.add(values.get(i) / floor.get(i));
    }
    return ratios;
  }

  private static String ratioText(List<Double> ratios) {
    double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    String median = String.format(Locale.ROOT, "%.2fx", median(ratios));
    return max - min > 0.05
        ? median + String.format(Locale.ROOT, " [%.2f-%.2f]", min, max)
        : median;
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().filter(v -> !Double.isNaN(v)).sorted().toList();
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }

  private static String machine() {
    Runtime runtime = Runtime.getRuntime();
    return cpuModel()
        + ", "
        + runtime.availableProcessors()
        + " cores (8 benchmark threads oversubscribe them when fewer), "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", JMH forks with -Xms1g -Xmx1g";
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the architecture is all there is
    }
    return System.getProperty("os.arch");
  }
}
