package io.github.synthflowconnector;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose: every answer is written byte by byte
 * by a {@link Script}, so it can stall, reset, lie about lengths or flood. Records each request
 * head exactly as received, to check what the connector put on the wire.
 */
final class HostileServer implements AutoCloseable {

  /** Longest a script may keep a connection open: bounds every test even if the client hangs. */
  static final Duration MAX_CONNECTION_LIFETIME = Duration.ofSeconds(15);

  /** How long a client may take to close a stalled connection after its job has returned. */
  static final Duration STALL_GRACE = Duration.ofSeconds(5);

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  /** What the server does after it has read one request. */
  @FunctionalInterface
  interface Script {
    void answer(Exchange exchange) throws IOException, InterruptedException;
  }

  /** One request as received: the request line and the header lines, unparsed. */
  record Request(String requestLine, List<String> headerLines) {
    String method() {
      return requestLine.split(" ", -1)[0];
    }

    String target() {
      String[] parts = requestLine.split(" ", -1);
      return parts.length > 1 ? parts[1] : "";
    }
  }

  private final ServerSocket serverSocket;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final List<String> complaints = new CopyOnWriteArrayList<>();
  private final AtomicInteger stalling = new AtomicInteger();
  private volatile Script script = Exchange::ok;

  HostileServer() throws IOException {
    serverSocket = new ServerSocket();
    serverSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 200);
    threads =
        Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon().name("hostile-server-", 0).factory());
    threads.execute(this::acceptLoop);
  }

  /** A loopback port nothing listens on: bound once by the OS, then closed again. */
  static int closedPort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return probe.getLocalPort();
    }
  }

  /** The API root the connector is pointed at. */
  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort() + "/v2";
  }

  int port() {
    return serverSocket.getLocalPort();
  }

  /** Replaces the behaviour for all following requests and forgets what was recorded. */
  void script(Script next) {
    script = Objects.requireNonNull(next, "script");
    requests.clear();
    bytesWritten.set(0);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long bytesWritten() {
    return bytesWritten.get();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (IOException e) {
        return; // closed
      }
      open.add(socket);
      threads.execute(() -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout((int) MAX_CONNECTION_LIFETIME.toMillis());
      InputStream in = socket.getInputStream();
      while (true) {
        Request request = readHead(in);
        if (request == null) {
          return;
        }
        requests.add(request);
        Exchange exchange = new Exchange(socket, request, bytesWritten, stalling);
        script.answer(exchange);
        if (!exchange.keepAlive || socket.isClosed()) {
          return;
        }
      }
    } catch (Exchange.ClientNeverGaveUp e) {
      complaints.add(e.getMessage());
    } catch (IOException | InterruptedException e) {
      // The client went away or the test ended: exactly what many scripts provoke.
    } finally {
      open.remove(socket);
    }
  }

  private static Request readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEAD_BYTES) {
        throw new IOException("request head too large");
      }
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    List<String> lines =
        new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n", -1)));
    String requestLine = lines.remove(0);
    return new Request(requestLine, List.copyOf(lines));
  }

  /**
   * What the server saw go wrong on the client's side, e.g. a client that kept a stalled connection
   * open for {@link #MAX_CONNECTION_LIFETIME}. A script thread cannot fail a test itself, so {@link
   * #close()} raises these.
   */
  List<String> complaints() {
    return List.copyOf(complaints);
  }

  /**
   * Closes every connection, then fails if the client misbehaved: the failure of a script thread
   * would otherwise go unseen.
   */
  @Override
  public void close() throws IOException {
    closeQuietly();
    if (!complaints.isEmpty()) {
      throw new AssertionError("the hostile server saw the client misbehave: " + complaints);
    }
  }

  private void closeQuietly() throws IOException {
    // A client gives up on a stalled answer by closing the connection, which ends the stall; one
    // still stalled well after its job returned was never given up.
    long end = System.nanoTime() + STALL_GRACE.toNanos();
    while (stalling.get() > 0 && System.nanoTime() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (stalling.get() > 0) {
      complaints.add(
          "client never gave up on "
              + stalling.get()
              + " stalled connection(s): still open "
              + STALL_GRACE.toSeconds()
              + " s after the test");
    }
    serverSocket.close();
    for (Socket socket : open) {
      socket.close();
    }
    threads.shutdownNow();
  }

  /** The server's side of one request: raw writes and the usual ways to misbehave. */
  static final class Exchange {
    private final Socket socket;
    private final Request request;
    private final AtomicLong bytesWritten;
    private final AtomicInteger stalling;
    private final OutputStream out;
    boolean keepAlive = true;

    Exchange(Socket socket, Request request, AtomicLong bytesWritten, AtomicInteger stalling)
        throws IOException {
      this.socket = socket;
      this.request = request;
      this.bytesWritten = bytesWritten;
      this.stalling = stalling;
      this.out = socket.getOutputStream();
    }

    Request request() {
      return request;
    }

    /** A well-formed {@code 200 {"status":"ok"}}, connection kept alive. */
    void ok() throws IOException {
      respond(200, Map.of("Content-Type", "application/json"), "{\"status\":\"ok\"}");
    }

    void respond(int status, Map<String, String> headers, String body) throws IOException {
      respond(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete response with a correct Content-Length; adds Connection: close if asked to. */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Hostile\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (headers.keySet().stream().noneMatch(n -> n.equalsIgnoreCase("Content-Length"))) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      if (!keepAlive) {
        head.append("Connection: close\r\n");
      }
      head.append("\r\n");
      write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      write(body);
    }

    void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void write(byte[] bytes) throws IOException {
      // In slices, so that the byte count is exact when the client drops the connection.
      for (int offset = 0; offset < bytes.length; offset += 16 * 1024) {
        int length = Math.min(16 * 1024, bytes.length - offset);
        out.write(bytes, offset, length);
        out.flush();
        bytesWritten.addAndGet(length);
      }
      if (bytes.length == 0) {
        out.flush();
      }
    }

    /** Ends the connection with a TCP reset instead of a clean close. */
    void reset() throws IOException {
      keepAlive = false;
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Ends the connection cleanly, whatever was promised before. */
    void hangUp() throws IOException {
      keepAlive = false;
      socket.shutdownOutput();
    }

    /** Says nothing until the client gives up (or the lifetime bound is hit). */
    void stall() throws IOException {
      keepAlive = false;
      stalling.incrementAndGet();
      try {
        while (socket.getInputStream().read() >= 0) {
          // discard: a client never sends more on this connection
        }
      } catch (SocketException e) {
        // reset by the client: it gave up, as it should
      } catch (SocketTimeoutException e) {
        throw new ClientNeverGaveUp(request.target());
      } finally {
        stalling.decrementAndGet();
      }
    }

    void sleep(Duration duration) throws InterruptedException {
      Thread.sleep(duration.toMillis());
    }

    /** The client kept a connection open that the server never answered. */
    static final class ClientNeverGaveUp extends IOException {
      ClientNeverGaveUp(String target) {
        super(
            "client never gave up on a stalled answer to "
                + target
                + " within "
                + MAX_CONNECTION_LIFETIME.toSeconds()
                + " s");
      }
    }

    String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String line : request.headerLines()) {
        if (line.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
      }
      return null;
    }
  }
}
