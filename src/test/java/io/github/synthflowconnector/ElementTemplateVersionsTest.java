package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Released templates stay what users have in their diagrams. element-templates/versioned/RELEASED
 * records every released version (id, version, SHA-256), written by
 * scripts/freeze-element-templates.sh at each release. A recorded current version must be
 * unchanged; every recorded older version must be kept in versioned/ byte for byte; versioned/
 * holds nothing else, in particular not the current version (a Modeler that loads the whole folder
 * reports a duplicate id and version). Also: the templates' engines range is the one the
 * compatibility matrix proves.
 */
class ElementTemplateVersionsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static final Path RECORD = Path.of("element-templates/versioned/RELEASED");

  /** The current template of each kind and where its superseded released versions are kept. */
  static final String TEMPLATES =
      """
      element-templates/synthflow-delete-phone-number.json, element-templates/versioned
      element-templates/hybrid/synthflow-delete-phone-number-hybrid.json, element-templates/versioned/hybrid
      element-templates/rest/synthflow-delete-phone-number-rest.json, element-templates/versioned/rest
      """;

  /** The recorded versions of one template id: version to SHA-256. */
  static Map<Integer, String> recorded(Path record, String id) throws IOException {
    Map<Integer, String> versions = new TreeMap<>();
    if (Files.isRegularFile(record)) {
      for (String line : Files.readAllLines(record)) {
        String[] fields = line.strip().split("\\s+");
        if (!line.startsWith("#") && fields.length == 3 && fields[0].equals(id)) {
          versions.put(Integer.parseInt(fields[1]), fields[2]);
        }
      }
    }
    return versions;
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What is wrong between a current template, its superseded versions and the record. */
  static List<String> releaseProblems(Path current, Path versioned, Path record)
      throws IOException {
    List<String> problems = new ArrayList<>();
    JsonNode template = JSON.readTree(current.toFile());
    String id = template.path("id").asText();
    int version = template.path("version").asInt(-1);
    Map<Integer, String> released = recorded(record, id);
    if (released.isEmpty()) {
      problems.add(
          id
              + ": no released version recorded in "
              + record
              + " (a released template's id never changes: diagrams find it by id)");
      return problems;
    }
    if (released.containsKey(version) && !released.get(version).equals(sha256(current))) {
      problems.add(
          current
              + " changed after version "
              + version
              + " was released: bump version in @ElementTemplate, regenerate, then run"
              + " scripts/freeze-element-templates.sh --restore");
    }
    int newest = Collections.max(released.keySet());
    if (version < newest) {
      problems.add(current + ": version " + version + " is below the released version " + newest);
    }
    String name = current.getFileName().toString().replaceFirst("\\.json$", "");
    for (var entry : released.entrySet()) {
      Path kept = versioned.resolve(name + "-" + entry.getKey() + ".json");
      if (entry.getKey() == version) {
        continue;
      }
      if (!Files.isRegularFile(kept)) {
        problems.add(
            kept
                + ": missing; released version "
                + entry.getKey()
                + " stays for the diagrams made with it (scripts/freeze-element-templates.sh"
                + " --restore)");
      } else if (!entry.getValue().equals(sha256(kept))) {
        problems.add(kept + ": not the released version " + entry.getKey() + " (SHA-256)");
      }
    }
    if (!Files.isDirectory(versioned)) {
      return problems; // nothing superseded yet: the checks above found any release it lacks
    }
    Pattern keptName = Pattern.compile(Pattern.quote(name) + "-(\\d+)\\.json");
    try (Stream<Path> list = Files.list(versioned)) {
      for (Path file : list.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        Matcher m = keptName.matcher(file.getFileName().toString());
        if (!m.matches()) {
          problems.add(file + ": not a released version of " + name + " (<name>-<version>.json)");
        } else if (Integer.parseInt(m.group(1)) == version) {
          problems.add(
              file
                  + ": the current version; versioned/ keeps superseded ones only (a Modeler"
                  + " loading the folder reports a duplicate id and version)");
        } else if (!released.containsKey(Integer.parseInt(m.group(1)))) {
          problems.add(file + ": version " + m.group(1) + " was never released (not recorded)");
        }
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
      assertThat(releaseProblems(Path.of(current), Path.of(versioned), RECORD)).isEmpty();
    }
  }

  /** The check itself, on a scratch copy: it must catch what it exists for. */
  @Nested
  class Check {
    static final String ID = "io.github.synthflowconnector.DeletePhoneNumber.v1";

    @TempDir Path dir;

    Path current;
    Path versioned;
    Path record;

    void layout(int currentVersion, String extra) throws IOException {
      versioned = Files.createDirectories(dir.resolve("versioned"));
      record = versioned.resolve("RELEASED");
      current = dir.resolve("synthflow-delete-phone-number.json");
      Files.writeString(current, template(currentVersion, extra));
    }

    String template(int version, String extra) {
      return "{\n  \"id\" : \""
          + ID
          + "\",\n  \"version\" : "
          + version
          + ",\n  \"name\" : \"Synthflow\""
          + extra
          + "\n}\n";
    }

    /** Records a release of {@code content} as {@code version}, kept in versioned/ if asked. */
    void release(int version, String content, boolean kept) throws IOException {
      Path file = dir.resolve("released-" + version + ".json");
      Files.writeString(file, content);
      Files.writeString(
          record,
          ID + " " + version + " " + sha256(file) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      if (kept) {
        Files.copy(file, versioned.resolve("synthflow-delete-phone-number-" + version + ".json"));
      }
    }

    List<String> problems() throws IOException {
      return releaseProblems(current, versioned, record);
    }

    @Test
    void shouldReportChange_whenReleasedVersionEditedWithoutBump() throws IOException {
      layout(1, ", \"description\" : \"new help text\"");
      release(1, template(1, ""), false);

      assertThat(problems())
          .singleElement()
          .asString()
          .contains("changed after version 1 was released", "bump version");
    }

    @Test
    void shouldReportChange_whenOnlyFormattingDiffers() throws IOException {
      layout(1, "");
      release(1, template(1, "").replace(" : ", ": "), false);

      assertThat(problems()).hasSize(1);
    }

    @Test
    void shouldAccept_whenVersionBumpedAndOldOneKept() throws IOException {
      layout(2, ", \"description\" : \"new help text\"");
      release(1, template(1, ""), true);

      assertThat(problems()).isEmpty();
    }

    @Test
    void shouldAccept_whenReleasedVersionUnchanged() throws IOException {
      layout(1, "");
      release(1, template(1, ""), false);

      assertThat(problems()).isEmpty();
    }

    @Test
    void shouldReport_whenSupersededVersionNotKept() throws IOException {
      layout(2, "");
      release(1, template(1, ""), false);

      assertThat(problems()).singleElement().asString().contains("missing", "--restore");
    }

    @Test
    void shouldReport_whenKeptVersionEdited() throws IOException {
      layout(2, "");
      release(1, template(1, ""), true);
      Files.writeString(
          versioned.resolve("synthflow-delete-phone-number-1.json"), template(1, ", \"x\" : 1"));

      assertThat(problems()).singleElement().asString().contains("not the released version 1");
    }

    @Test
    void shouldReport_whenCurrentVersionIsCopiedIntoVersioned() throws IOException {
      layout(1, "");
      release(1, template(1, ""), true);

      assertThat(problems()).singleElement().asString().contains("superseded ones only");
    }

    @Test
    void shouldReport_whenVersionGoesBelowAReleasedOne() throws IOException {
      layout(1, "");
      release(1, template(1, ""), false);
      release(2, template(2, ""), true);

      assertThat(problems()).singleElement().asString().contains("below the released version 2");
    }

    @Test
    void shouldReport_whenNothingIsRecorded() throws IOException {
      layout(1, "");

      assertThat(problems()).singleElement().asString().contains("no released version recorded");
    }

    @Test
    void shouldReport_whenTemplateIdChanged() throws IOException {
      layout(2, "");
      release(1, template(1, ""), true);
      Files.writeString(current, template(2, "").replace("DeletePhoneNumber.v1", "Other"));

      assertThat(problems()).singleElement().asString().contains("never changes");
    }
  }

  /** The script the release runs, on a scratch git repository with the real templates. */
  @Nested
  class FreezeScript {
    @TempDir Path repo;

    int run(String... args) throws Exception {
      List<String> command =
          new ArrayList<>(List.of("bash", "scripts/freeze-element-templates.sh"));
      command.addAll(List.of(args));
      return exec(command);
    }

    int exec(List<String> command) throws Exception {
      // Output to a file, not a pipe read to its end: a hung script must fail this test at the
      // time limit instead of blocking the build on the read.
      Process process =
          new ProcessBuilder(command)
              .directory(repo.toFile())
              .redirectErrorStream(true)
              .redirectOutput(repo.resolve("freeze.out").toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(command + " did not finish in 60 s");
      }
      return process.exitValue();
    }

    void git(String... args) throws Exception {
      List<String> command =
          new ArrayList<>(
              List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "gpg.sign=false"));
      command.addAll(List.of(args));
      assertThat(exec(command)).as(String.join(" ", command)).isZero();
    }

    void copyLayout() throws Exception {
      Files.createDirectories(repo.resolve("scripts"));
      Files.copy(
          Path.of("scripts/freeze-element-templates.sh"),
          repo.resolve("scripts/freeze-element-templates.sh"));
      for (String line : TEMPLATES.strip().split("\n")) {
        Path current = Path.of(line.split(",")[0].strip());
        Files.createDirectories(repo.resolve(current).getParent());
        Files.copy(current, repo.resolve(current));
        Files.createDirectories(repo.resolve(line.split(",")[1].strip()));
      }
      git("init", "-q");
      git("add", "-A");
      git("commit", "-q", "-m", "release");
    }

    List<String> problems() throws IOException {
      List<String> problems = new ArrayList<>();
      for (String line : TEMPLATES.strip().split("\n")) {
        problems.addAll(
            releaseProblems(
                repo.resolve(line.split(",")[0].strip()),
                repo.resolve(line.split(",")[1].strip()),
                repo.resolve(RECORD)));
      }
      return problems;
    }

    @Test
    void shouldRecordCurrentVersions_whenReleaseCut() throws Exception {
      copyLayout();
      assertThat(run("--check")).as("--check before recording").isEqualTo(1);

      assertThat(run()).isZero();

      assertThat(problems()).isEmpty();
      assertThat(run("--check")).as("--check after recording").isZero();
    }

    @Test
    void shouldRestoreTheReleasedFile_whenVersionBumped() throws Exception {
      copyLayout();
      assertThat(run()).isZero();
      Path current = repo.resolve("element-templates/synthflow-delete-phone-number.json");
      String released = Files.readString(current);
      Files.writeString(
          current,
          released
              .replaceFirst("\"version\" : \\d+,", "\"version\" : 99,")
              .replace("Irreversible.", "Cannot be undone."));
      assertThat(problems()).singleElement().asString().contains("missing");

      assertThat(run("--restore")).isZero();

      assertThat(repo.resolve("element-templates/versioned"))
          .isDirectoryContaining(p -> p.getFileName().toString().endsWith(".json"));
      assertThat(problems()).isEmpty();
    }

    @Test
    void shouldRefuse_whenRecordedVersionChangedWithoutBump() throws Exception {
      copyLayout();
      assertThat(run()).isZero();
      String record = Files.readString(repo.resolve(RECORD));
      Path current = repo.resolve("element-templates/synthflow-delete-phone-number.json");
      Files.writeString(
          current, Files.readString(current).replace("Irreversible.", "Cannot be undone."));

      assertThat(run()).isEqualTo(1);
      assertThat(run("--check")).isEqualTo(1);
      assertThat(repo.resolve(RECORD)).hasContent(record.strip());
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
