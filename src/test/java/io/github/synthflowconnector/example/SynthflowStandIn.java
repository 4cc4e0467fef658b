package io.github.synthflowconnector.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An in-memory Synthflow workspace behind {@code DELETE /v2/numbers/{slug}}, on 127.0.0.1 only.
 *
 * <p>What the API page documents is reproduced as documented: {@code 200 {"status": "ok"}} for a
 * deletion, {@code 400} for a bad request, bearer authentication. What it leaves open is an
 * assumption, stated here: an unknown number is a {@code 400} whose message says so (the only
 * documented error status), a wrong key is {@code 401}, a rate limit is {@code 429} with {@code
 * Retry-After} in seconds. The bodies are the project's shared fixtures in {@code
 * src/test/resources/synthflow-errors}, which the HTTP tests serve too.
 */
final class SynthflowStandIn implements AutoCloseable {

  static final String API_ROOT_PATH = "/v2";
  private static final String NUMBERS_PATH = API_ROOT_PATH + "/numbers/";

  /** What one request got, for the runner's report. */
  record Exchange(String method, String path, boolean bearerPresent, int status, String body) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final String apiKey;
  private final Set<String> numbers;
  private final List<Exchange> exchanges = new ArrayList<>();
  private Duration rateLimitedFor;
  private int rateLimitedRequests;
  private String rateLimitedSlug;
  private String busySlug;
  private Duration busyFor;

  /**
   * @param apiKey the one key this workspace accepts
   * @param slugs the workspace's numbers, as slugs (digits without {@code +})
   */
  SynthflowStandIn(String apiKey, Collection<String> slugs) throws IOException {
    this.apiKey = apiKey;
    this.numbers = new LinkedHashSet<>(slugs);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newSingleThreadExecutor(r -> daemon(r, "synthflow-stand-in"));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API root to use as the task's base URL. */
  String apiRoot() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + API_ROOT_PATH;
  }

  /**
   * The next {@code requests} requests for this slug are answered with 429 and this {@code
   * Retry-After}: on the engine, the runner cannot arm the stand-in between two jobs of the
   * multi-instance.
   */
  synchronized void rateLimit(String slug, int requests, Duration retryAfter) {
    this.rateLimitedSlug = slug;
    this.rateLimitedRequests = requests;
    this.rateLimitedFor = retryAfter;
  }

  /**
   * The next request for this slug is answered with 503 and this {@code Retry-After}, before any
   * rate limit armed for it: the connector fails the job for Zeebe to retry after its backoff.
   */
  synchronized void busyOnce(String slug, Duration retryAfter) {
    this.busySlug = slug;
    this.busyFor = retryAfter;
  }

  synchronized Set<String> numbers() {
    return Set.copyOf(numbers);
  }

  /** The exchanges since the last call, oldest first. */
  synchronized List<Exchange> drainExchanges() {
    List<Exchange> drained = List.copyOf(exchanges);
    exchanges.clear();
    return drained;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        Answer answer = answer(method, path, authorization);
        exchanges.add(
            new Exchange(method, path, authorization != null, answer.status, answer.body));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.retryAfter != null) {
          exchange.getResponseHeaders().set("Retry-After", answer.retryAfter);
        }
        byte[] body = answer.body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private record Answer(int status, String body, String retryAfter) {}

  private Answer answer(String method, String path, String authorization) {
    if (!path.startsWith(NUMBERS_PATH) || path.length() == NUMBERS_PATH.length()) {
      return new Answer(404, "{\"detail\":\"Not Found\"}", null);
    }
    if (!"DELETE".equals(method)) {
      return new Answer(405, "{\"detail\":\"Method Not Allowed\"}", null);
    }
    if (authorization == null || !authorization.equals("Bearer " + apiKey)) {
      return new Answer(401, fixture("401-invalid-key.json"), null);
    }
    String slug = path.substring(NUMBERS_PATH.length());
    if (slug.equals(busySlug)) {
      busySlug = null;
      return new Answer(
          503, "{\"detail\":\"Service Unavailable\"}", Long.toString(busyFor.toSeconds()));
    }
    if (slug.equals(rateLimitedSlug) && rateLimitedRequests > 0) {
      rateLimitedRequests--;
      return new Answer(
          429, fixture("429-rate-limited.json"), Long.toString(rateLimitedFor.toSeconds()));
    }
    if (!numbers.remove(slug)) {
      return new Answer(400, fixture("400-number-not-found.json"), null);
    }
    return new Answer(200, fixture("200-ok.json"), null);
  }

  private static String fixture(String name) {
    try (InputStream in = SynthflowStandIn.class.getResourceAsStream("/synthflow-errors/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource synthflow-errors/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Thread daemon(Runnable runnable, String name) {
    Thread thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }
}
