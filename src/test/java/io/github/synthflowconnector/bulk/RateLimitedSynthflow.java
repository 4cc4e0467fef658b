package io.github.synthflowconnector.bulk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Synthflow stand-in for bulk runs, on 127.0.0.1: {@code DELETE /v2/numbers/{slug}} with a token
 * bucket per API key (rate R per second, burst R), {@code 429} with {@code Retry-After: 1} beyond
 * it, and a fixed service time per answer. A number is deleted once; deleting it again is a {@code
 * 400} saying it does not exist. It records what a bulk run needs to judge the outcome: deletions
 * per number, requests, 429s, and whether any request came before the {@code Retry-After} its key
 * was given.
 */
public final class RateLimitedSynthflow implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;
  private final double ratePerSecond;
  private final long serviceMillis;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> deletions = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger early = new AtomicInteger();

  public RateLimitedSynthflow(double ratePerSecond, long serviceMillis) throws IOException {
    this.ratePerSecond = ratePerSecond;
    this.serviceMillis = serviceMillis;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API root to give the connector as its custom base URL. */
  public String apiRoot() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2";
  }

  public int requests() {
    return requests.get();
  }

  public int rateLimited() {
    return rateLimited.get();
  }

  /** Requests that came for a key before the {@code Retry-After} its last 429 announced. */
  public int early() {
    return early.get();
  }

  /** How many times each number was deleted (a 2xx answer); numbers never deleted are absent. */
  public Map<String, Integer> deletions() {
    Map<String, Integer> copy = new java.util.TreeMap<>();
    deletions.forEach((slug, n) -> copy.put(slug, n.get()));
    return copy;
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = System.nanoTime();
    try (exchange) {
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      requests.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String path = exchange.getRequestURI().getPath();
      sleep(serviceMillis);
      if (!"DELETE".equals(exchange.getRequestMethod()) || !path.startsWith("/v2/numbers/")) {
        send(exchange, 404, "{\"status\":\"error\",\"message\":\"Not Found\"}", null);
        return;
      }
      if (auth == null || !auth.startsWith("Bearer ")) {
        send(exchange, 401, "{\"status\":\"error\",\"message\":\"Unauthorized\"}", null);
        return;
      }
      Bucket bucket = buckets.computeIfAbsent(auth, a -> new Bucket(ratePerSecond));
      if (!bucket.take(arrived, early)) {
        rateLimited.incrementAndGet();
        send(exchange, 429, "{\"status\":\"error\",\"message\":\"Too many requests\"}", "1");
        return;
      }
      String slug = path.substring("/v2/numbers/".length());
      int n = deletions.computeIfAbsent(slug, s -> new AtomicInteger()).incrementAndGet();
      if (n == 1) {
        send(exchange, 200, "{\"status\":\"ok\"}", null);
      } else {
        deletions.get(slug).decrementAndGet();
        send(exchange, 400, "{\"status\":\"error\",\"message\":\"Phone number not found\"}", null);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String body, String retryAfter)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      exchange.getResponseHeaders().set("Retry-After", retryAfter);
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Token bucket, burst = one second of rate; remembers the Retry-After it last announced. */
  private static final class Bucket {
    private final double rate;
    private double tokens;
    private long refilledNanos = System.nanoTime();
    private long retryAfterGivenNanos;
    private long retryAfterEndsNanos = Long.MIN_VALUE;

    Bucket(double rate) {
      this.rate = rate;
      this.tokens = rate;
    }

    synchronized boolean take(long arrived, AtomicInteger early) {
      long now = System.nanoTime();
      tokens = Math.min(rate, tokens + (now - refilledNanos) * rate / 1e9);
      refilledNanos = now;
      // Sent after a 429 went out and before the Retry-After it announced ran out.
      if (retryAfterEndsNanos != Long.MIN_VALUE
          && arrived - retryAfterGivenNanos > 0
          && arrived - retryAfterEndsNanos < 0) {
        early.incrementAndGet();
      }
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      retryAfterGivenNanos = now;
      retryAfterEndsNanos = now + TimeUnit.SECONDS.toNanos(1);
      return false;
    }
  }
}
