package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Operators switch HttpClient's header log to DEBUG to debug connectivity. It prints every request
 * header: the Authorization header must show up masked.
 */
class HeaderLoggingTest {

  static final String KEY = "sk_header_log_9c1d";

  @Test
  void shouldMaskAuthorization_whenHttpClientHeaderLogIsDebug() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    Logger headers = (Logger) LoggerFactory.getLogger("org.apache.hc.client5.http.headers");
    Level before = headers.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    headers.addAppender(captured);
    headers.setLevel(Level.DEBUG);
    try (SynthflowHttpClient client = new SynthflowHttpClient()) {
      client.delete(
          new DeletionTarget(
              URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/numbers/1"),
              "1",
              "custom",
              KEY,
              false,
              Duration.ofSeconds(2),
              Duration.ofSeconds(2)));
    } finally {
      headers.detachAppender(captured);
      headers.setLevel(before);
      server.stop(0);
    }
    List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(lines).anyMatch(line -> line.endsWith(">> Authorization: Bearer ***"));
    assertThat(lines).noneMatch(line -> line.contains(KEY));
  }
}
