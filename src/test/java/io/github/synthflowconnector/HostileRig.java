package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

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
}
