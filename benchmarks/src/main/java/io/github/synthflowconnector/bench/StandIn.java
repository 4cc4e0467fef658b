package io.github.synthflowconnector.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loopback stand-in for the Synthflow API: {@code DELETE /v2/numbers/{slug}} answers 200 {@code
 * {"status":"ok"}}, anything else 404.
 *
 * <p>It runs in the benchmark's parent JVM, never in a measured fork, so its own work and garbage
 * are not charged to any contender. When asked to, it counts TCP connections by their client
 * address: a connection shows up as a new {@code ip:port} on its first request. Ephemeral ports are
 * not reused while the closing side holds them in TIME_WAIT, so the count is exact for a counting
 * window of a few thousand calls on a server of its own.
 */
final class StandIn implements AutoCloseable {

  static final String PATH_PREFIX = "/v2/numbers/";
  private static final byte[] OK = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean countConnections;
  private final Set<InetSocketAddress> clients = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  static {
    // Without it the JDK server sends headers and body as two small segments, and Nagle's
    // algorithm holds the body until the client's delayed ACK: 40 ms per call instead of 0.1.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private StandIn(boolean countConnections) throws IOException {
    this.countConnections = countConnections;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    // As many handler threads as the widest benchmark has callers, so the server never queues.
    this.executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static StandIn start() throws IOException {
    return new StandIn(false);
  }

  static StandIn startCounting() throws IOException {
    return new StandIn(true);
  }

  /**
   * Runs a stand-in on its own, for profiling one contender with JMH's own command line: {@code
   * java -cp benchmarks.jar org.openjdk.jmh.Main DeleteBenchmark -p contender=CONNECTOR -prof gc
   * -jvmArgsAppend -Dbench.apiRoot=<printed root>}.
   */
  public static void main(String[] args) throws Exception {
    StandIn standIn = start();
    System.out.println(standIn.apiRoot());
    Thread.currentThread().join();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Base URL of the stand-in's API root, as the connector's custom region takes it. */
  String apiRoot() {
    return "http://127.0.0.1:" + port() + "/v2";
  }

  /** Connections first seen so far (only when counting). */
  long connections() {
    return connections.get();
  }

  long requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try (InputStream body = exchange.getRequestBody()) {
        body.transferTo(OutputStream.nullOutputStream());
      }
      if (countConnections && clients.add(exchange.getRemoteAddress())) {
        connections.incrementAndGet();
      }
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getRawPath();
      if (!exchange.getRequestMethod().equals("DELETE")
          || !path.startsWith(PATH_PREFIX)
          || path.length() == PATH_PREFIX.length()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, OK.length);
      exchange.getResponseBody().write(OK);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
