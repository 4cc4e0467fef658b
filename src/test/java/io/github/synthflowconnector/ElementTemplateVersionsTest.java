package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Released templates stay what users have in their diagrams. At each release
 * scripts/freeze-element-templates.sh copies the current templates to element-templates/versioned/
 * as {@code <file>-<version>.json}; from then on the current template may only differ from a frozen
 * copy of its own version by carrying a higher version. Also: the templates' engines range is the
 * one the compatibility matrix proves.
 */
class ElementTemplateVersionsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The current template of each kind and where its released versions are kept. */
  static final String TEMPLATES =
      """
      element-templates/synthflow-delete-phone-number.json, element-templates/versioned
      element-templates/hybrid/synthflow-delete-phone-number-hybrid.json, element-templates/versioned/hybrid
      element-templates/rest/synthflow-delete-phone-number-rest.json, element-templates/versioned/rest
      """;

  /**
   * What is wrong between a current template and its frozen released versions in {@code versioned}:
   * an empty list when every released version is intact or superseded by a bump.
   */
  static List<String> releaseProblems(Path current, Path versioned) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(versioned)) {
      return problems;
    }
    JsonNode template = JSON.readTree(current.toFile());
    String id = template.path("id").asText();
    int version = template.path("version").asInt(-1);
    String name = current.getFileName().toString().replaceFirst("\\.json$", "");
    Pattern frozenName = Pattern.compile(Pattern.quote(name) + "-(\\d+)\\.json");
    List<Path> files;
    try (Stream<Path> list = Files.list(versioned)) {
      files =
          list.filter(Files::isRegularFile)
              .filter(p -> p.getFileName().toString().endsWith(".json"))
              .sorted()
              .toList();
    }
    for (Path frozen : files) {
      Matcher m = frozenName.matcher(frozen.getFileName().toString());
      if (!m.matches()) {
        problems.add(frozen + ": not a released version of " + name + " (<name>-<version>.json)");
        continue;
      }
      int frozenVersion = Integer.parseInt(m.group(1));
      JsonNode released = JSON.readTree(frozen.toFile());
      if (released.path("version").asInt(-1) != frozenVersion) {
        problems.add(
            frozen
                + ": holds version "
                + released.path("version")
                + ", its name says "
                + frozenVersion);
      }
      if (!released.path("id").asText().equals(id)) {
        problems.add(
            frozen
                + ": id "
                + released.path("id")
                + " but the current template's is "
                + id
                + "; diagrams find their template by id, it never changes");
      }
      if (frozenVersion > version) {
        problems.add(
            current + ": version " + version + " is below the released version " + frozenVersion);
      } else if (frozenVersion == version
          && !Arrays.equals(Files.readAllBytes(current), Files.readAllBytes(frozen))) {
        problems.add(
            current
                + " changed after version "
                + version
                + " was released ("
                + frozen
                + "): bump version in @ElementTemplate, regenerate, keep the frozen copy (only if"
                + " no release tag carries that version: delete the copy and run"
                + " scripts/freeze-element-templates.sh)");
      }
    }
    return problems;
  }

  @Nested
  class Released {
    @ParameterizedTest
    @CsvSource(textBlock = TEMPLATES)
    void shouldKeepEveryReleasedVersion_whenTemplatesRegenerated(String current, String versioned)
        throws IOException {
      assertThat(releaseProblems(Path.of(current), Path.of(versioned))).isEmpty();
    }
  }

  /** The check itself, on a scratch copy: it must catch what it exists for. */
  @Nested
  class Check {
    @TempDir Path dir;

    Path current;
    Path versioned;

    void layout(int currentVersion, String extra) throws IOException {
      versioned = Files.createDirectories(dir.resolve("versioned"));
      current = dir.resolve("synthflow-delete-phone-number.json");
      Files.writeString(current, template(currentVersion, extra));
    }

    String template(int version, String extra) {
      return "{\n  \"id\" : \"io.github.synthflowconnector.DeletePhoneNumber.v1\",\n"
          + "  \"version\" : "
          + version
          + ",\n  \"name\" : \"Synthflow\""
          + extra
          + "\n}\n";
    }

    void freeze(int version, String content) throws IOException {
      Files.writeString(
          versioned.resolve("synthflow-delete-phone-number-" + version + ".json"), content);
    }

    @Test
    void shouldReportChange_whenReleasedVersionEditedWithoutBump() throws IOException {
      layout(1, ", \"description\" : \"new help text\"");
      freeze(1, template(1, ""));

      assertThat(releaseProblems(current, versioned))
          .singleElement()
          .asString()
          .contains("changed after version 1 was released", "bump version");
    }

    @Test
    void shouldReportChange_whenOnlyFormattingDiffers() throws IOException {
      layout(1, "");
      freeze(1, template(1, "").replace(" : ", ": "));

      assertThat(releaseProblems(current, versioned)).hasSize(1);
    }

    @Test
    void shouldAccept_whenVersionBumpedAfterRelease() throws IOException {
      layout(2, ", \"description\" : \"new help text\"");
      freeze(1, template(1, ""));

      assertThat(releaseProblems(current, versioned)).isEmpty();
    }

    @Test
    void shouldAccept_whenReleasedVersionUnchanged() throws IOException {
      layout(1, "");
      freeze(1, template(1, ""));

      assertThat(releaseProblems(current, versioned)).isEmpty();
    }

    @Test
    void shouldReport_whenVersionGoesBelowAReleasedOne() throws IOException {
      layout(1, "");
      freeze(2, template(2, ""));

      assertThat(releaseProblems(current, versioned))
          .singleElement()
          .asString()
          .contains("below the released version 2");
    }

    @Test
    void shouldReport_whenFileNameAndVersionDisagree() throws IOException {
      layout(2, "");
      freeze(1, template(2, ""));

      assertThat(releaseProblems(current, versioned))
          .singleElement()
          .asString()
          .contains("holds version 2, its name says 1");
    }

    @Test
    void shouldReport_whenTemplateIdChanged() throws IOException {
      layout(2, "");
      freeze(1, template(1, "").replace("DeletePhoneNumber.v1", "DeletePhoneNumber"));

      assertThat(releaseProblems(current, versioned))
          .singleElement()
          .asString()
          .contains("never changes");
    }
  }

  /** The script the release runs, on a scratch copy of the repository's layout. */
  @Nested
  class FreezeScript {
    @TempDir Path repo;

    int run(String... args) throws Exception {
      List<String> command =
          new ArrayList<>(List.of("bash", "scripts/freeze-element-templates.sh"));
      command.addAll(List.of(args));
      Process process =
          new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("script finished").isTrue();
      return process.exitValue();
    }

    void copyLayout() throws IOException {
      Files.createDirectories(repo.resolve("scripts"));
      Files.copy(
          Path.of("scripts/freeze-element-templates.sh"),
          repo.resolve("scripts/freeze-element-templates.sh"));
      for (String line : TEMPLATES.strip().split("\n")) {
        Path current = Path.of(line.split(",")[0].strip());
        Files.createDirectories(repo.resolve(current).getParent());
        Files.copy(current, repo.resolve(current));
      }
    }

    @Test
    void shouldFreezeCurrentVersions_whenReleaseCut() throws Exception {
      copyLayout();
      assertThat(run("--check")).as("--check before freezing").isEqualTo(1);

      assertThat(run()).isZero();

      for (String line : TEMPLATES.strip().split("\n")) {
        Path current = repo.resolve(line.split(",")[0].strip());
        Path versioned = repo.resolve(line.split(",")[1].strip());
        String name = current.getFileName().toString().replace(".json", "");
        int version = JSON.readTree(current.toFile()).path("version").asInt();
        assertThat(versioned.resolve(name + "-" + version + ".json"))
            .hasSameBinaryContentAs(current);
        assertThat(releaseProblems(current, versioned)).isEmpty();
      }
      assertThat(run("--check")).as("--check after freezing").isZero();
    }

    @Test
    void shouldRefuse_whenFrozenVersionChangedWithoutBump() throws Exception {
      copyLayout();
      assertThat(run()).isZero();
      Path current = repo.resolve("element-templates/synthflow-delete-phone-number.json");
      int version = JSON.readTree(current.toFile()).path("version").asInt();
      Files.writeString(
          current, Files.readString(current).replace("Irreversible.", "Cannot be undone."));

      assertThat(run()).isEqualTo(1);
      assertThat(
              repo.resolve(
                  "element-templates/versioned/synthflow-delete-phone-number-" + version + ".json"))
          .content()
          .contains("Irreversible.");
    }
  }

  /** The Modeler offers a template only to clusters whose version is inside its engines range. */
  @Nested
  class Engines {
    static final Pattern CARET = Pattern.compile("\\^(\\d+)\\.(\\d+)");

    String range() {
      return SynthflowDeletePhoneNumberFunction.class
          .getAnnotation(ElementTemplate.class)
          .engineVersion();
    }

    /** The runtime versions it/compat-matrix/run.sh runs real jobs on. */
    List<String> matrixVersions() throws IOException {
      Matcher m =
          Pattern.compile("(?m)^versions=\"([^\"]+)\"$")
              .matcher(Files.readString(Path.of("it/compat-matrix/run.sh")));
      assertThat(m.find()).as("versions=\"...\" in it/compat-matrix/run.sh").isTrue();
      return List.of(m.group(1).trim().split("\\s+"));
    }

    /**
     * Semver caret on the version without its pre-release tag, as the Modeler compares (it coerces
     * the cluster's version, so 8.9.0-alpha3 counts as 8.9.0).
     */
    boolean satisfies(String version, int major, int minor) {
      String[] parts = version.replaceFirst("-.*", "").split("\\.");
      int vMajor = Integer.parseInt(parts[0]);
      int vMinor = Integer.parseInt(parts[1]);
      return vMajor == major && vMinor >= minor;
    }

    @Test
    void shouldDeclareProvenRange_whenTemplatesGenerated() throws IOException {
      for (String line : TEMPLATES.strip().split("\n")) {
        JsonNode template = JSON.readTree(Path.of(line.split(",")[0].strip()).toFile());
        assertThat(template.at("/engines/camunda").asText()).as(line).isEqualTo(range());
      }
    }

    @Test
    void shouldAdmitEveryMatrixVersion_whenRangeStartsAtTheOldestOne() throws IOException {
      Matcher m = CARET.matcher(range());
      assertThat(m.matches()).as("a ^major.minor range (extend this check for others)").isTrue();
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      List<String> versions = matrixVersions();

      assertThat(versions).allMatch(v -> satisfies(v, major, minor), "inside " + range());
      // The range's floor is proven: the matrix runs its oldest patch, major.minor.0.
      assertThat(versions).contains(major + "." + minor + ".0");
    }
  }
}
