package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The HTTP client's own promises: hard deadline, body cap, proxy settings, connection reuse. */
class SynthflowHttpClientTest {

  static final String KEY = "sk_client_test_key";

  final SynthflowHttpClient client = new SynthflowHttpClient();

  @AfterEach
  void close() {
    client.close();
  }

  static DeletionTarget target(String uri, int connectSeconds, int readSeconds) {
    return new DeletionTarget(
        URI.create(uri),
        "14155550123",
        "custom",
        KEY,
        false,
        Duration.ofSeconds(connectSeconds),
        Duration.ofSeconds(readSeconds));
  }

  @Nested
  class Deadline {
    /**
     * A server that sends one body byte every 300 ms never trips a 1 s read timeout, which only
     * bounds the gap between reads; without the deadline this call would take 5 minutes.
     */
    @Test
    void shouldAbortCall_whenServerTricklesBytesUnderTheReadTimeout() throws Exception {
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Thread trickler =
            Thread.ofVirtual()
                .start(() -> {
                  try (Socket socket = server.accept()) {
                    OutputStream out = socket.getOutputStream();
                    out.write(
                        ("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 1000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 1000; i++) {
                      out.write('x');
                      out.flush();
                      Thread.sleep(300);
                    }
                  } catch (IOException | InterruptedException e) {
                    // the client hung up: expected
                  }
                });
        long start = System.nanoTime();
        assertThatThrownBy(() ->
                client.delete(
                    target("http://127.0.0.1:" + server.getLocalPort() + "/v2/numbers/1", 1, 1)))
            .isInstanceOf(SynthflowHttpClient.DeadlineExceededException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(4));
        trickler.interrupt();
      }
      // The deadline thread cancels the call: it closes the socket, which ends the worker's read,
      // then hands the connection back to the pool. The worker can see the failure first.
      awaitNoLeasedConnection();
    }

    void awaitNoLeasedConnection() throws InterruptedException {
      long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (client.poolStats().getLeased() != 0 && System.nanoTime() < giveUp) {
        Thread.sleep(10);
      }
      assertThat(client.poolStats().getLeased()).isZero();
    }
  }

  @Nested
  class Bodies {
    HttpServer server;

    void serve(byte[] body, boolean gzip) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            if (gzip) {
              exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            }
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    @AfterEach
    void stop() {
      if (server != null) {
        server.stop(0);
      }
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2/numbers/1";
    }

    @Test
    void shouldCutAtCapAndDropConnection_whenBodyIsLarger() throws IOException {
      serve("y".repeat(5_000_000).getBytes(StandardCharsets.US_ASCII), false);

      SynthflowResponse response = client.delete(target(url(), 2, 2));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyTruncated()).isTrue();
      assertThat(response.body()).hasSize(SynthflowHttpClient.MAX_BODY_BYTES);
      assertThat(client.poolStats().getLeased()).isZero();
      assertThat(client.poolStats().getAvailable()).isZero();
    }

    @Test
    void shouldCapDecompressedSize_whenGzipBombArrives() throws IOException {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
        gzip.write(new byte[50_000_000]);
      }
      serve(compressed.toByteArray(), true);

      SynthflowResponse response = client.delete(target(url(), 2, 2));

      assertThat(compressed.size()).isLessThan(100_000);
      assertThat(response.bodyTruncated()).isTrue();
      assertThat(response.body()).hasSize(SynthflowHttpClient.MAX_BODY_BYTES);
    }

    @Test
    void shouldReplaceInvalidUtf8_whenBodyIsBinary() throws IOException {
      serve(new byte[] {'o', 'k', (byte) 0xff, (byte) 0xfe}, false);

      SynthflowResponse response = client.delete(target(url(), 2, 2));

      assertThat(response.body()).isEqualTo("ok\uFFFD\uFFFD");
      assertThat(response.bodyTruncated()).isFalse();
    }
  }

  @Nested
  class Proxy {
    /** The runtime's JVM proxy settings apply: the request goes to the proxy, not the host. */
    @Test
    void shouldUseJvmProxySettings_whenConfigured() throws IOException {
      AtomicReference<String> seen = new AtomicReference<>();
      HttpServer proxy =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      proxy.createContext(
          "/",
          exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      proxy.start();
      String host = System.getProperty("http.proxyHost");
      String port = System.getProperty("http.proxyPort");
      System.setProperty("http.proxyHost", "127.0.0.1");
      System.setProperty("http.proxyPort", String.valueOf(proxy.getAddress().getPort()));
      try (SynthflowHttpClient proxied = new SynthflowHttpClient()) {
        SynthflowResponse response =
            proxied.delete(target("http://synthflow.invalid/v2/numbers/14155550123", 2, 2));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo("DELETE http://synthflow.invalid/v2/numbers/14155550123");
      } finally {
        restore("http.proxyHost", host);
        restore("http.proxyPort", port);
        proxy.stop(0);
      }
    }

    private void restore(String name, String value) {
      if (value == null) {
        System.clearProperty(name);
      } else {
        System.setProperty(name, value);
      }
    }
  }
}
