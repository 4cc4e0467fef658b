package io.github.synthflowconnector;

import java.io.IOException;

/**
 * What every hostile test class starts with: a misbehaving server, a fresh pooled client whose
 * statistics belong to that class alone, jobs running on both, and the log scanner armed with the
 * test key.
 */
record HostileRig(HostileServer server, SynthflowHttpClient http, HostileJobs jobs)
    implements AutoCloseable {

  static HostileRig start() throws IOException {
    LogLeakAppender.watch(HostileSecrets.KEY);
    HostileServer server = new HostileServer();
    SynthflowHttpClient http = new SynthflowHttpClient();
    HostileJobs jobs = new HostileJobs(http);
    jobs.warmUp(server);
    return new HostileRig(server, http, jobs);
  }

  @Override
  public void close() throws IOException {
    http.close();
    server.close();
  }
}
