package io.github.synthflowconnector.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs {@code examples/offboarding.bpmn} on this machine: by default on the embedded Zeebe engine
 * ({@link EngineOffboardingRun}), which runs the process with the sample variables while the
 * connector runs in the real connector runtime's job handler as its job worker; the printed story
 * is read from the engine's records. {@code --no-install} does the same with {@code
 * examples/offboarding-no-install.bpmn}, whose task Camunda's REST connector runs.
 *
 * <p>By default the DELETE goes to {@link SynthflowStandIn}, an in-memory workspace on 127.0.0.1.
 * With {@code --real-api} it goes to Synthflow itself, with the key from {@code SYNTHFLOW_API_KEY},
 * after a confirmation (deleting a number cannot be undone).
 */
public final class LocalRunner {

  static final String TEMPLATE_ID = "io.github.synthflowconnector.DeletePhoneNumber.v1";
  static final Path BPMN = Path.of("examples", "offboarding.bpmn");

  /** The same offboarding with the no-install template, run by Camunda's REST connector. */
  static final String NO_INSTALL_TEMPLATE_ID =
      "io.github.synthflowconnector.DeletePhoneNumber.Rest.v1";

  static final Path NO_INSTALL_BPMN = Path.of("examples", "offboarding-no-install.bpmn");

  /** The second sample number's slug, which the stand-in answers with 429 first. */
  private static final String SECOND_SLUG = "442079460102";

  /** The regions' hosts, which the no-install run sends to the stand-in instead. */
  static final List<String> REGION_HOSTS =
      List.of(
          "https://api.us.synthflow.ai", "https://api.eu.synthflow.ai", "https://api.synthflow.ai");

  static final Path VARIABLES =
      Path.of("src", "test", "resources", "example", "offboarding-variables.json");
  static final String SECRET_NAME = "SYNTHFLOW_API_KEY";

  /** Fake keys: the stand-in's workspace key, and one it no longer accepts. */
  static final String STAND_IN_KEY = "sf_standin_eu_3b9d27c1";

  static final String REVOKED_KEY = "sf_standin_eu_revoked_0000";

  /**
   * Short: the 503's Retry-After is below the task's backoff (PT10S), so Zeebe retries after 10 s;
   * the 429's is shorter than the call's deadline (connect + read timeout), so the connector waits
   * it out and repeats within the call.
   */
  static final Duration STAND_IN_RETRY_AFTER = Duration.ofSeconds(2);

  /**
   * The no-install run's rate limit: the REST connector's HTTP client repeats a 429 once by itself,
   * sleeping for its Retry-After in the worker thread, so 45 s would stall the run. Two short 429s
   * show both layers: the client's own repeat, then the template's retry through Zeebe.
   */
  static final Duration NO_INSTALL_RETRY_AFTER = Duration.ofSeconds(2);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Held so that the level set in {@link #main} is not garbage collected with the logger. */
  private static final java.util.logging.Logger VALIDATOR_LOG =
      java.util.logging.Logger.getLogger("org.hibernate.validator");

  private final Path projectDir;
  private final Map<String, String> env;
  private final BufferedReader in;
  private final PrintStream out;
  private final ByteArrayOutputStream transcript = new ByteArrayOutputStream();
  private Path bpmn = BPMN;
  private boolean noInstall;

  LocalRunner(Path projectDir, Map<String, String> env, BufferedReader in, PrintStream out) {
    this.projectDir = projectDir;
    this.env = env;
    this.in = in;
    // Everything printed also goes into the transcript, which is checked against the README.
    this.out =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                out.write(b);
                transcript.write(b);
              }

              @Override
              public void write(byte[] bytes, int offset, int length) {
                out.write(bytes, offset, length);
                transcript.write(bytes, offset, length);
              }

              @Override
              public void flush() {
                out.flush();
              }
            },
            true,
            StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    if (!List.of(args).contains("--logs")) {
      quietLogs();
    }
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int status;
    try {
      status = new LocalRunner(Path.of(""), System.getenv(), stdin, System.out).run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      status = 1;
    }
    System.out.flush();
    // Always exit: Zeebe Process Test's engine leaves a non-daemon java.util.Timer thread running
    // after it stops (its EngineStateMonitor's static timer), and exec:java waits for non-daemon
    // threads, so returning (or throwing) would never end the command.
    System.exit(status);
  }

  /**
   * The run prints what the process sees; the runtime's and connector's own log lines (a stack
   * trace per retried job, timestamps) would bury it. {@code --logs} keeps them.
   */
  private static void quietLogs() {
    VALIDATOR_LOG.setLevel(java.util.logging.Level.WARNING);
    if (org.slf4j.LoggerFactory.getILoggerFactory()
        instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback
          .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
          .setLevel(ch.qos.logback.classic.Level.OFF);
      logback.getLogger("io.github.synthflowconnector").setLevel(ch.qos.logback.classic.Level.OFF);
    }
  }

  /**
   * @return 0 when every case ran (on the stand-in: and ended as the README's transcript for this
   *     BPMN shows), 2 for bad options or a missing key, 3 when a real deletion was not confirmed,
   *     4 when a case on the stand-in ended otherwise than the README shows (a failure of the run
   *     itself is an exception; {@link #main} exits with 1 for it)
   */
  int run(String... args) throws IOException {
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println(e.getMessage());
      out.println(RunnerOptions.USAGE);
      return 2;
    }
    if (options.help) {
      out.println(RunnerOptions.USAGE);
      return 0;
    }
    noInstall = options.noInstall;
    bpmn = noInstall ? NO_INSTALL_BPMN : BPMN;
    BpmnTask task =
        BpmnReader.templatedTask(
            projectDir.resolve(bpmn), noInstall ? NO_INSTALL_TEMPLATE_ID : TEMPLATE_ID);
    Map<String, Object> processVariables = readVariables();
    printTask(task);
    return options.realApi
        ? runAgainstRealApi(task, processVariables, options)
        : runOnStandIn(task, processVariables);
  }

  // ---------------------------------------------------------------------------------------------
  // Stand-in mode

  private int runOnStandIn(BpmnTask task, Map<String, Object> processVariables) throws IOException {
    // The workspace still has the first two numbers; the third was released by hand long ago.
    try (SynthflowStandIn synthflow =
        new SynthflowStandIn(STAND_IN_KEY, List.of("442079460101", "442079460102"))) {
      out.println();
      out.println("Synthflow stand-in: " + synthflow.apiRoot() + " (in-memory workspace)");
      EngineOffboardingRun.Flavour flavour;
      if (noInstall) {
        out.println(
            "  Zeebe computes the task's URL from region '"
                + regionInBpmn(task)
                + "' as in a cluster; after that its https://host part is");
        out.println(
            "  replaced by "
                + standInOrigin(synthflow)
                + " (like a hosts-file entry). Every input is the BPMN's.");
        Map<String, String> reroute = new LinkedHashMap<>();
        REGION_HOSTS.forEach(host -> reroute.put(host, standInOrigin(synthflow)));
        flavour = EngineOffboardingRun.Flavour.restConnector(reroute);
        synthflow.rateLimit(SECOND_SLUG, 2, NO_INSTALL_RETRY_AFTER);
      } else {
        out.println(
            "  The task's region '"
                + regionInBpmn(task)
                + "' is replaced by region 'custom' and baseUrl "
                + synthflow.apiRoot()
                + " for this run,");
        out.println("  so that the DELETE reaches the stand-in. Every other input is the BPMN's.");
        flavour =
            EngineOffboardingRun.Flavour.connector(
                Map.of(
                    EngineOffboardingRun.input(regionInBpmn(task), "region"),
                    EngineOffboardingRun.input("custom", "region")
                        + EngineOffboardingRun.input(synthflow.apiRoot(), "baseUrl")));
        // A 503 that Zeebe retries after the backoff, then a 429 the connector waits out itself.
        synthflow.busyOnce(SECOND_SLUG, STAND_IN_RETRY_AFTER);
        synthflow.rateLimit(SECOND_SLUG, 1, STAND_IN_RETRY_AFTER);
      }
      out.println("  Connector secret " + SECRET_NAME + " = the stand-in workspace's key.");
      EngineOffboardingRun engine = new EngineOffboardingRun(out);
      engine.printChanges();
      engine.run(
          projectDir,
          bpmn,
          task,
          processVariables,
          synthflow,
          flavour,
          List.of(
              new EngineOffboardingRun.Instance(
                  "offboarding of "
                      + StoryPrinter.describe(processVariables.get("workspace"))
                      + ", one job per number",
                  STAND_IN_KEY,
                  phoneNumberCount(processVariables),
                  "the secret to be fixed and the incident retried"),
              new EngineOffboardingRun.Instance(
                  "same workspace, but the connector secret still holds a revoked key",
                  REVOKED_KEY,
                  1,
                  "the secret to be fixed and the incident retried")));
      out.println();
      out.println("Numbers left in the stand-in workspace: " + synthflow.numbers());
    }
    return endedAsTheReadmeShows() ? 0 : 4;
  }

  /** Whether this run printed its README example's outcomes, line for line; says where not. */
  private boolean endedAsTheReadmeShows() throws IOException {
    out.flush();
    String difference =
        ReadmeExample.firstDifference(
            ReadmeExample.expected(projectDir, noInstall),
            ReadmeExample.outcomes(transcript.toString(StandardCharsets.UTF_8)));
    if (difference != null) {
      out.println();
      out.println("The run did not end as the README's example output shows: " + difference);
      return false;
    }
    return true;
  }

  @SuppressWarnings("unchecked")
  private static int phoneNumberCount(Map<String, Object> processVariables) {
    return ((List<Object>)
            ((Map<String, Object>) processVariables.get("workspace")).get("phoneNumbers"))
        .size();
  }

  /** The stand-in's scheme, host and port, without its API root path. */
  private static String standInOrigin(SynthflowStandIn synthflow) {
    String root = synthflow.apiRoot();
    return root.substring(0, root.length() - SynthflowStandIn.API_ROOT_PATH.length());
  }

  // ---------------------------------------------------------------------------------------------
  // Real API mode

  @SuppressWarnings("unchecked")
  private int runAgainstRealApi(
      BpmnTask task, Map<String, Object> processVariables, RunnerOptions options)
      throws IOException {
    String apiKey = env.get(SECRET_NAME);
    if (apiKey == null || apiKey.isBlank()) {
      out.println("--real-api needs the environment variable " + SECRET_NAME + " (your API key).");
      return 2;
    }
    if (options.phoneNumber == null) {
      out.println("--real-api needs --phone-number: the one number to delete.");
      return 2;
    }
    // The sample workspace with the one number given: the engine runs the process for it.
    Map<String, Object> workspace =
        new LinkedHashMap<>((Map<String, Object>) processVariables.get("workspace"));
    workspace.put(
        "phoneNumbers",
        List.of(Map.of("label", "given with --phone-number", "number", options.phoneNumber)));
    Map<String, Object> variables = new LinkedHashMap<>(processVariables);
    variables.put("workspace", workspace);
    String region = options.region == null ? regionInBpmn(task) : options.region;

    out.println();
    out.println("REAL Synthflow API. Connector secret " + SECRET_NAME + " from the environment.");
    out.println(
        "  This deletes phone number "
            + options.phoneNumber
            + " from the workspace of your key in region "
            + region
            + ": it is detached from its agents and its subscription is cancelled.");
    out.println("  It cannot be undone.");
    if (!options.yes) {
      out.print("  Type 'delete' to go on, anything else aborts: ");
      out.flush();
      String answer = in.readLine();
      if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).equals("delete")) {
        out.println();
        out.println("Aborted: nothing was sent to Synthflow.");
        return 3;
      }
    }
    EngineOffboardingRun engine = new EngineOffboardingRun(out);
    engine.printChanges();
    engine.run(
        projectDir,
        bpmn,
        task,
        variables,
        null,
        EngineOffboardingRun.Flavour.connector(
            Map.of(
                EngineOffboardingRun.input(regionInBpmn(task), "region"),
                EngineOffboardingRun.input(region, "region"))),
        List.of(
            new EngineOffboardingRun.Instance(
                "the number given", apiKey, 1, "its cause to be fixed and the incident retried")));
    return 0;
  }

  static String regionInBpmn(BpmnTask task) {
    return task.inputs().stream()
        .filter(m -> m.target().equals("region"))
        .map(BpmnTask.Mapping::source)
        .findFirst()
        .orElse("(none)");
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private void printTask(BpmnTask task) {
    out.println("Local run of " + bpmn + " (sample variables: " + VARIABLES + ")");
    out.println(
        "  task      "
            + task.id()
            + " \""
            + task.name()
            + "\", template "
            + task.templateId()
            + " v"
            + task.templateVersion());
    task.scope()
        .ifPresent(mi ->
            out.println(
                "  inside    \""
                    + mi.name()
                    + "\": multi-instance over "
                    + mi.inputCollection()
                    + " as "
                    + mi.inputElement()
                    + ", collected "
                    + mi.outputElement()
                    + " into "
                    + mi.outputCollection()));
    out.println("  job type  " + task.type() + ", retries " + task.retries());
    for (BpmnTask.Mapping input : task.inputs()) {
      out.println("  input     " + input.target() + " <- " + input.source());
    }
    task.headers().forEach((key, value) -> out.println("  header    " + key + " = " + value));
  }

  private Map<String, Object> readVariables() throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> variables =
        JSON.readValue(Files.readString(projectDir.resolve(VARIABLES)), Map.class);
    return variables;
  }
}
