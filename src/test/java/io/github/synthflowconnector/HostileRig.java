package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every hostile test class starts with: a misbehaving server, a fresh pooled client whose
 * statistics belong to that class alone, jobs running on both, and the log scanner armed with the
 * test key.
 */
record HostileRig(
    HostileServer server, SynthflowHttpClient http, HostileJobs jobs, LogLeakAppender.Mark logs)
    implements AutoCloseable {

  static HostileRig start() throws IOException {
    LogLeakAppender.watch(HostileSecrets.KEY);
    LogLeakAppender.Mark logs = LogLeakAppender.mark();
    HostileServer server = new HostileServer();
    SynthflowHttpClient http = new SynthflowHttpClient();
    HostileJobs jobs = new HostileJobs(http);
    jobs.warmUp(server);
    return new HostileRig(server, http, jobs, logs);
  }

  /**
   * Closes client and server, then holds the class to what the log scanner found since {@link
   * #start()}: no line with the key, out of a scan that saw the calls' log lines at all.
   */
  @Override
  public void close() throws IOException {
    http.close();
    server.close();
    assertThat(LogLeakAppender.installed()).as("log scanner installed").isTrue();
    assertThat(LogLeakAppender.events() - logs.events()).as("log events scanned").isPositive();
    assertThat(LogLeakAppender.leaksSince(logs, HostileSecrets.KEY))
        .as("log lines with the key")
        .isEmpty();
  }

  /**
   * One rig for a whole test class and its nested classes: {@code @RegisterExtension static final
   * HostileRig.PerClass rig = new HostileRig.PerClass();} starts it before the class's first test
   * and closes (and checks) it after its last.
   */
  static final class PerClass implements BeforeAllCallback, AfterAllCallback {
    private HostileRig rig;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      if (isTopLevel(context)) {
        rig = HostileRig.start();
      }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      if (isTopLevel(context)) {
        rig.close();
      }
    }

    /** Nested classes inherit the extension; only the outermost class owns the rig. */
    private static boolean isTopLevel(ExtensionContext context) {
      return context.getRequiredTestClass().getEnclosingClass() == null;
    }

    HostileServer server() {
      return rig.server();
    }

    SynthflowHttpClient http() {
      return rig.http();
    }

    /**
     * A runtime of its own for each job (the same connection pool): a 429 one job got would
     * otherwise hold back the next job's request for its Retry-After, as the connector's per-key
     * pace does in a real runtime.
     */
    HostileJobs jobs() {
      return new HostileJobs(rig.http());
    }
  }
}
