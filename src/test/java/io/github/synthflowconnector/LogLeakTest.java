package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.synthflowconnector.HostileServer.Exchange;
import io.github.synthflowconnector.runtime.JobOutcome;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With every logger at DEBUG (logback-test.xml), as an operator might set it to chase a problem, no
 * log line of the connector, the job handler or HttpClient carries the key, in any encoding.
 */
class LogLeakTest {

  /** HttpClient's own loggers that would print request headers and raw bytes. */
  static final List<String> HTTPCLIENT_WIRE_LOGGERS =
      List.of("org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire");

  @RegisterExtension static final HostileRig.PerClass rig = new HostileRig.PerClass();

  static JobOutcome run(HostileServer.Script script) {
    rig.server().script(script);
    return rig.jobs()
        .runChecked(HostileJobs.variables(rig.server().baseUrl(), "+14155550123"))
        .outcome();
  }

  @Nested
  class AtDebug {

    @Test
    void shouldNeverLogTheKey_whenCallsSucceedFailAndEchoIt() {
      assertThat(LogLeakAppender.installed()).as("logback loaded the scanner").isTrue();
      for (String name : HTTPCLIENT_WIRE_LOGGERS) {
        assertThat(LoggerFactory.getLogger(name).isDebugEnabled()).as(name).isTrue();
      }
      LogLeakAppender.Mark mark = LogLeakAppender.mark();
      long httpClientBefore = LogLeakAppender.debugEventsOf("org.apache.hc.client5");
      long connectorBefore = LogLeakAppender.debugEventsOf("io.github.synthflowconnector");
      long wireBefore = wireEvents();

      run(Exchange::ok);
      run(x ->
          x.respond(
              401,
              Map.of("WWW-Authenticate", x.header("Authorization")),
              "{\"detail\":\"bad " + x.header("Authorization") + "\"}"));
      run(x ->
          x.respond(302, Map.of("Location", "https://c.invalid/?k=" + HostileSecrets.KEY), ""));
      run(x -> x.respond(500, Map.of("X-Echo", HostileSecrets.KEY), HostileSecrets.KEY));
      run(Exchange::reset);
      run(Exchange::stall);
      // Last: the key's pace then logs (by hash) and holds back this runtime's next request.
      run(x -> x.respond(429, Map.of("Retry-After", "1"), "{\"detail\":\"slow down\"}"));

      long httpClientEvents =
          LogLeakAppender.debugEventsOf("org.apache.hc.client5") - httpClientBefore;
      long connectorEvents =
          LogLeakAppender.debugEventsOf("io.github.synthflowconnector") - connectorBefore;
      System.out.printf(
          "[hostile] logs at DEBUG for 7 calls: %d events scanned, %d from HttpClient, %d from"
              + " the connector, %d from HttpClient's header/wire loggers, %d with the key%n",
          LogLeakAppender.events() - mark.events(),
          httpClientEvents,
          connectorEvents,
          wireEvents() - wireBefore,
          LogLeakAppender.leaksSince(mark).size());
      assertThat(LogLeakAppender.leaksSince(mark)).as("log lines with the key").isEmpty();
      // The scan saw real DEBUG traffic, so an empty result means something.
      assertThat(httpClientEvents).isPositive();
      assertThat(connectorEvents).isPositive();
      // Header and wire logging would print "Authorization: Bearer <key>": the connector's
      // connections must bypass them even while they are enabled.
      assertThat(wireEvents() - wireBefore).as("header/wire log events").isZero();
    }

    private static long wireEvents() {
      return HTTPCLIENT_WIRE_LOGGERS.stream().mapToLong(LogLeakAppender::debugEventsOf).sum();
    }
  }

  @Nested
  class Scanner {

    @Test
    void shouldReportAndMaskALeak_whenALineCarriesAWatchedSecret() {
      String canary = "canary-7d1e0b5f-not-a-key";
      LogLeakAppender.watch(canary);
      LogLeakAppender.Mark mark = LogLeakAppender.mark();
      Logger logger = LoggerFactory.getLogger("hostile.canary");

      logger.debug("header >> Authorization: Bearer {}", canary);
      logger.debug("quiet line");
      logger.warn("failed", new IOException("token " + canary.replace("-", "%2D")));

      assertThat(LogLeakAppender.leaksSince(mark))
          .hasSize(1)
          .allSatisfy(line -> assertThat(line).contains("<KEY>").doesNotContain(canary));
    }
  }
}
