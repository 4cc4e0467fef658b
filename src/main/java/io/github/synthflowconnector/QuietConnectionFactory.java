package io.github.synthflowconnector;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.apache.hc.core5.http.message.RequestLine;
import org.apache.hc.core5.http.message.StatusLine;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Identifiable;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the client's connections. Differs from HttpClient's default connection in two ways, both
 * against hostile or careless surroundings:
 *
 * <ul>
 *   <li>The default connection logs every header, {@code Authorization: Bearer <key>} included, at
 *       DEBUG on the logger {@code org.apache.hc.client5.http.headers}, and every byte on {@code
 *       ...http.wire}. In the bundled jar those names are relocated under {@code
 *       io.github.synthflowconnector.shaded}, so DEBUG for this connector's package would print the
 *       key. These connections log the request and status line and header names only, and never the
 *       wire.
 *   <li>The default parser accepts header lines and header counts without limit: a server sending
 *       one endless header line is buffered in memory until the deadline. Here both are capped.
 * </ul>
 */
final class QuietConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

  static final QuietConnectionFactory INSTANCE = new QuietConnectionFactory();

  /** Longest status or header line accepted; real Synthflow headers are far shorter. */
  static final int MAX_LINE_LENGTH = 8 * 1024;

  static final int MAX_HEADER_COUNT = 100;

  private static final Http1Config LIMITS =
      Http1Config.custom()
          .setMaxLineLength(MAX_LINE_LENGTH)
          .setMaxHeaderCount(MAX_HEADER_COUNT)
          .build();

  private static final DefaultHttpResponseParserFactory RESPONSE_PARSER =
      new DefaultHttpResponseParserFactory(LIMITS);

  private static final Logger LOG = LoggerFactory.getLogger(QuietConnectionFactory.class);
  private static final AtomicLong IDS = new AtomicLong();

  private QuietConnectionFactory() {}

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    return createConnection(null, socket);
  }

  @Override
  public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket)
      throws IOException {
    QuietConnection connection = new QuietConnection("synthflow-" + IDS.getAndIncrement());
    if (socket != null) {
      if (sslSocket != null) {
        connection.bind(sslSocket, socket);
      } else {
        connection.bind(socket);
      }
    }
    return connection;
  }

  /** What HttpClient's own (package-private) connection does, minus the header and wire logging. */
  private static final class QuietConnection extends DefaultBHttpClientConnection
      implements ManagedHttpClientConnection, Identifiable {

    private final String id;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Timeout socketTimeout;

    QuietConnection(String id) {
      // The parser must be given the limits itself: the connection's default parser ignores them.
      super(LIMITS, null, null, null, null, null, RESPONSE_PARSER);
      this.id = id;
    }

    @Override
    public String getId() {
      return id;
    }

    @Override
    protected void bind(SocketHolder holder) throws IOException {
      if (closed.get()) {
        holder.getSocket().close();
        throw new InterruptedIOException("Connection already shutdown");
      }
      super.bind(holder);
      socketTimeout = Timeout.ofMilliseconds(holder.getSocket().getSoTimeout());
    }

    @Override
    public void bind(Socket socket) throws IOException {
      bind(new SocketHolder(socket));
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    public Socket getSocket() {
      SocketHolder holder = getSocketHolder();
      return holder == null ? null : holder.getSocket();
    }

    @Override
    public void passivate() {
      super.setSocketTimeout(Timeout.ZERO_MILLISECONDS);
    }

    @Override
    public void activate() {
      super.setSocketTimeout(socketTimeout);
    }

    @Override
    public void close() throws IOException {
      if (closed.compareAndSet(false, true)) {
        super.close();
      }
    }

    @Override
    public void close(CloseMode closeMode) {
      if (closed.compareAndSet(false, true)) {
        super.close(closeMode);
      }
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
      if (request != null && LOG.isDebugEnabled()) {
        LOG.debug("{} >> {} {}", id, new RequestLine(request), names(request.getHeaders()));
      }
    }

    // Response header values are not logged either: servers echo the Authorization header.
    @Override
    protected void onResponseReceived(ClassicHttpResponse response) {
      if (response != null && LOG.isDebugEnabled()) {
        LOG.debug("{} << {} {}", id, new StatusLine(response), names(response.getHeaders()));
      }
    }

    private static String names(Header[] headers) {
      return Arrays.stream(headers).map(Header::getName).toList().toString();
    }
  }
}
