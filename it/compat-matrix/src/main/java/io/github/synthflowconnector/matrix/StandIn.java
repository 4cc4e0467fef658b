package io.github.synthflowconnector.matrix;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Synthflow stand-in on 127.0.0.1: {@code DELETE /v2/numbers/{slug}} answers what the case
 * scripted for that slug, and every request is written down for the checks.
 */
final class StandIn implements AutoCloseable {

  record Answer(int status, Map<String, String> headers, String body) {}

  record Request(String method, String path, String authorization) {}

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  /**
   * @param alwaysOk answer every request with 200 {"status":"ok"} whatever was scripted: run.sh's
   *     self-test, which proves that the checks notice a different outcome
   */
  StandIn(boolean alwaysOk) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream ignored = exchange.getRequestBody()) {
            String path = exchange.getRequestURI().getRawPath();
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    path,
                    exchange.getRequestHeaders().getFirst("Authorization")));
            String slug = path.substring(path.lastIndexOf('/') + 1);
            Answer answer =
                alwaysOk
                    ? new Answer(200, Map.of(), "{\"status\":\"ok\"}")
                    : path.startsWith("/v2/numbers/")
                        ? answers.getOrDefault(slug, new Answer(500, Map.of(), "{}"))
                        : new Answer(500, Map.of(), "{\"detail\":\"unexpected path\"}");
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
              exchange.getResponseBody().write(body);
            }
          }
        });
    server.start();
  }

  String apiRoot() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v2";
  }

  void answer(String slug, Answer answer) {
    answers.put(slug, answer);
  }

  List<Request> requestsFor(String slug) {
    return requests.stream().filter(r -> r.path().endsWith("/" + slug)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
