package io.github.synthflowconnector.example;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.rest.HttpJsonFunction;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.github.synthflowconnector.RuntimeCopies;
import io.github.synthflowconnector.bulk.RateLimitedSynthflow;
import io.github.synthflowconnector.engine.ConnectorWorker;
import io.github.synthflowconnector.engine.EmbeddedZeebe;
import io.github.synthflowconnector.engine.ProcessRecords;
import io.github.synthflowconnector.engine.ReroutingConnector;
import io.github.synthflowconnector.engine.WorkerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bulk offboarding run: one process instance deletes N numbers in a parallel multi-instance
 * task built from an element template with its defaults, on the embedded Zeebe engine; the jobs go
 * to W connector runtimes (each its own copy of the connector and a job worker with J active jobs,
 * on virtual or platform threads) against a stand-in that accepts R requests per second per key
 * ({@link RateLimitedSynthflow}). Runs this connector's template and the no-install template
 * (Camunda's REST connector) one after the other and prints one row each: figures, never a verdict
 * on them. With {@code --check} it exits 1 when a number ended in an incident or was not deleted
 * exactly once (what CI asserts; times are never asserted).
 *
 * <pre>
 * scripts/bulk-run.sh --n 400 --rate 20 --runtimes 2 --jobs 32 --threads virtual
 * scripts/bulk-run.sh --n 50 --rate 10 --runtimes 2 --jobs 32 --threads platform:1 --check
 * </pre>
 */
public final class BulkRun {

  static final Path CONNECTOR_TEMPLATE =
      Path.of("element-templates/synthflow-delete-phone-number.json");
  static final String SECRET = "SYNTHFLOW_API_KEY";
  private static final String REGION_HOST = "https://api.us.synthflow.ai";
  private static final AtomicInteger PROCESSES = new AtomicInteger();

  /** One row of the table. */
  record Figures(
      String contender,
      int n,
      double seconds,
      double floorSeconds,
      int incidents,
      int deletedOnce,
      int deletedTwice,
      int requests,
      int rateLimited,
      boolean completed) {

    String row() {
      return String.format(
          Locale.ROOT,
          "| %-22s | %s | %4d incidents | %4d of %d deleted once | %5.1f s = %.2f x floor |"
              + " %.2f requests per number | %d x 429 |",
          contender,
          completed ? "completed" : "NOT completed",
          incidents,
          deletedOnce,
          n,
          seconds,
          seconds / floorSeconds,
          requests / (double) n,
          rateLimited);
    }

    boolean clean() {
      return completed && incidents == 0 && deletedOnce == n && deletedTwice == 0;
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    BulkSettings settings = BulkSettings.parse(args);
    System.out.println(settings.describe());
    List<Figures> rows = new ArrayList<>();
    try (EmbeddedZeebe zeebe = EmbeddedZeebe.start()) {
      for (String contender : settings.contenders()) {
        Figures figures = run(zeebe, settings, contender);
        rows.add(figures);
        System.out.println(figures.row());
      }
    }
    boolean clean = rows.stream().allMatch(Figures::clean);
    if (settings.check() && !clean) {
      System.out.println("FAILED: a number ended in an incident or was not deleted exactly once");
      System.exit(1);
    }
    System.exit(0);
  }

  static Figures run(EmbeddedZeebe zeebe, BulkSettings settings, String contender)
      throws Exception {
    try (RateLimitedSynthflow synthflow =
        new RateLimitedSynthflow(settings.rate(), settings.serviceMillis())) {
      boolean ours = contender.equals("connector");
      NoInstallTask.Applied task =
          ours
              ? NoInstallTask.apply(
                  CONNECTOR_TEMPLATE,
                  Map.of(
                      "region", "custom", "baseUrl", synthflow.apiRoot(), "phoneNumber", "=number"))
              : NoInstallTask.apply(Map.of("phoneNumber", "=number"));
      String processId = "bulk-" + contender + "-" + PROCESSES.incrementAndGet();
      zeebe.deploy(bulkProcess(processId, task), processId + ".bpmn");
      List<ConnectorWorker> workers = new ArrayList<>();
      String root = synthflow.apiRoot().replaceFirst("/v2$", "");
      for (int i = 0; i < settings.runtimes(); i++) {
        OutboundConnectorFunction connector =
            ours
                ? RuntimeCopies.newRuntimeCopy()
                : new ReroutingConnector(new HttpJsonFunction(), Map.of(REGION_HOST, root));
        WorkerSettings worker = settings.worker();
        if (!ours) {
          worker =
              worker.withFetchVariables(
                  List.of(
                      HttpJsonFunction.class
                          .getAnnotation(OutboundConnector.class)
                          .inputVariables()));
        }
        workers.add(
            zeebe.openWorker(task.type(), connector, Map.of(SECRET, "sk-bulk-key"), worker));
      }
      List<String> numbers = new ArrayList<>();
      for (int i = 0; i < settings.n(); i++) {
        numbers.add(String.format(Locale.ROOT, "+1415%07d", i));
      }
      long start = System.nanoTime();
      long instance = zeebe.startInstance(processId, Map.of("numbers", numbers));
      ProcessRecords records = zeebe.records();
      boolean completed = false;
      int incidents = 0;
      long limit = start + settings.patienceNanos();
      while (System.nanoTime() < limit) {
        Thread.sleep(250);
        if (records.completed(instance)) {
          completed = true;
          break;
        }
        incidents = records.incidents(instance).size();
        if (incidents > 0 && incidents + synthflow.deletions().size() >= settings.n()) {
          break; // every number is deleted or in an incident: the instance cannot complete
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      incidents = records.incidents(instance).size();
      for (ConnectorWorker worker : workers) {
        worker.close();
      }
      zeebe.cancel(instance);
      Map<String, Integer> deletions = synthflow.deletions();
      return new Figures(
          ours ? "this connector" : "no-install template",
          settings.n(),
          seconds,
          settings.n() / settings.rate(),
          incidents,
          (int) deletions.values().stream().filter(d -> d == 1).count(),
          (int) deletions.values().stream().filter(d -> d > 1).count(),
          synthflow.requests(),
          synthflow.rateLimited(),
          completed);
    }
  }

  /** Start, the task as a parallel multi-instance over {@code numbers}, end. */
  static String bulkProcess(String processId, NoInstallTask.Applied task) {
    return Bpmn.convertToString(
        Bpmn.createExecutableProcess(processId)
            .startEvent()
            .serviceTask(
                NoInstallTask.TASK_ID,
                service -> {
                  service.zeebeJobType(task.type()).zeebeJobRetries(task.retries());
                  task.inputs().forEach(in -> service.zeebeInput(in.source(), in.target()));
                  task.outputs().forEach(out -> service.zeebeOutput(out.source(), out.target()));
                  task.headers().forEach(service::zeebeTaskHeader);
                  service
                      .multiInstance()
                      .parallel()
                      .zeebeInputCollectionExpression("numbers")
                      .zeebeInputElement("number");
                })
            .endEvent()
            .done());
  }
}
