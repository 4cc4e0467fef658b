package io.github.synthflowconnector.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the README says an example run ends: the outcome lines of its output block (each HTTP
 * exchange, job outcome, message, result variable, the summary and the numbers left), which a run
 * on the stand-in must reproduce line for line. Job-variable lines are left out: they carry the
 * stand-in's port, which varies.
 */
final class ReadmeExample {

  static final Path README = Path.of("README.md");

  private static final String BLOCK_START = "Output (the port varies):";

  /** The no-install run's block, in the section "Using the no-install template". */
  private static final String NO_INSTALL_BLOCK_START =
      "Output of `--no-install` (the port varies):";

  private static final List<String> OUTCOME_PREFIXES =
      List.of(
          "-- Number",
          "HTTP ",
          "job ",
          "message ",
          "variables ",
          "process ",
          "{",
          "Script task",
          "Numbers left");

  private ReadmeExample() {}

  /** The outcome lines of the README's example output. */
  static List<String> expected(Path projectDir) throws IOException {
    return expected(projectDir, false);
  }

  /** The outcome lines of the README's output for the default or the {@code --no-install} run. */
  static List<String> expected(Path projectDir, boolean noInstall) throws IOException {
    String readme = Files.readString(projectDir.resolve(README));
    String blockStart = noInstall ? NO_INSTALL_BLOCK_START : BLOCK_START;
    int start = readme.indexOf(blockStart);
    int open = start < 0 ? -1 : readme.indexOf("```text\n", start);
    int close = open < 0 ? -1 : readme.indexOf("```", open + 8);
    if (close < 0) {
      throw new IllegalStateException("README.md has no ```text block after '" + blockStart + "'");
    }
    return outcomes(readme.substring(open + 8, close));
  }

  /** The outcome lines of a run's output, with runs of spaces folded. */
  static List<String> outcomes(String output) {
    List<String> lines = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      String folded = line.strip().replaceAll(" +", " ");
      if (folded.startsWith("job variables") || folded.startsWith("job type")) {
        continue;
      }
      if (OUTCOME_PREFIXES.stream().anyMatch(folded::startsWith)) {
        lines.add(folded);
      }
    }
    return lines;
  }

  /** The first difference between what the README shows and what the run printed, or null. */
  static String firstDifference(List<String> expected, List<String> actual) {
    for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
      String want = i < expected.size() ? expected.get(i) : "(nothing more)";
      String got = i < actual.size() ? actual.get(i) : "(nothing more)";
      if (!want.equals(got)) {
        return "outcome line " + (i + 1) + "\n  README shows: " + want + "\n  run printed:  " + got;
      }
    }
    return null;
  }
}
