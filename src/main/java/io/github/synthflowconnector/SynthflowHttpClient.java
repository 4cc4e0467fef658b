package io.github.synthflowconnector;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * One pooled, thread-safe HTTP client for all Synthflow calls of a runtime.
 *
 * <p>Differences from a default client, each on purpose: redirects are never followed (the bearer
 * token would travel to wherever the {@code Location} points); no automatic retries (retries go
 * through Zeebe, where they are visible and back off); system proxy settings are honoured; every
 * call has a hard deadline on top of the socket timeouts, because a server that trickles one byte
 * per read timeout would otherwise hold a worker thread forever; bodies are read up to a cap.
 */
final class SynthflowHttpClient implements AutoCloseable {

  /** Synthflow's answers are tiny JSON objects; anything larger is cut, never buffered whole. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Names this connector and its version (from the build) to Synthflow and to gateways. */
  static final String USER_AGENT = "synthflow-camunda-connector/" + version();

  private static final int MAX_CONNECTIONS = 64;

  /** One deadline thread per runtime: it only cancels requests that overran, never does I/O. */
  private static final CallDeadlines DEADLINES = new CallDeadlines("synthflow-connector-deadline");

  private final PoolingHttpClientConnectionManager connectionManager;
  private final CloseableHttpClient client;

  SynthflowHttpClient() {
    this(null, null);
  }

  /**
   * For tests that watch every name the client resolves (it resolves before every connection, IP
   * literals included) or reach a TLS server under another name.
   *
   * @param dns the resolver, or null for the system's
   * @param tls the TLS setup, or null for the JVM's trust store and hostname verification
   */
  SynthflowHttpClient(DnsResolver dns, TlsSocketStrategy tls) {
    this.connectionManager =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setConnectionFactory(QuietConnectionFactory.INSTANCE)
            .setDnsResolver(dns)
            .setTlsSocketStrategy(tls)
            .setMaxConnTotal(MAX_CONNECTIONS)
            .setMaxConnPerRoute(MAX_CONNECTIONS)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    // A pooled connection the server closed while idle is detected before use.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
            .useSystemProperties()
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connectionManager)
            .useSystemProperties()
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent(USER_AGENT)
            .evictExpiredConnections()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
  }

  /** The version the build wrote into {@code connector.properties}, or "unknown" without it. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = SynthflowHttpClient.class.getResourceAsStream("connector.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // a User-Agent without a version is no reason to refuse to start
    }
    String version = properties.getProperty("version", "");
    return version.isBlank() || version.startsWith("${") ? "unknown" : version.strip();
  }

  /** The client shared by every connector instance in this class loader. */
  static SynthflowHttpClient shared() {
    return Shared.INSTANCE;
  }

  /**
   * Sends {@code DELETE <target.uri>} with the bearer key and reads the answer.
   *
   * <p>When this returns or throws, the call's connection is back in the pool or closed, also when
   * the deadline cut the call short.
   *
   * @throws DeadlineExceededException when the whole call outlived connect plus read timeout
   * @throws IOException on any transport failure
   */
  SynthflowResponse delete(DeletionTarget target) throws IOException {
    return delete(target, target.totalTimeout());
  }

  /**
   * As {@link #delete(DeletionTarget)}, with a hard deadline of {@code budget} instead of the whole
   * connect plus read timeout: what is left of it after waiting for the key's pace.
   */
  SynthflowResponse delete(DeletionTarget target, Duration budget) throws IOException {
    Objects.requireNonNull(target, "target");
    HttpDelete request = new HttpDelete(target.uri());
    request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + target.apiKey());
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    request.setConfig(requestConfig(target));

    try (CallDeadlines.Deadline deadline =
        DEADLINES.start(request, Math.max(1, budget.toMillis()))) {
      try {
        return exchange(request);
      } catch (IOException e) {
        if (deadline.expired()) {
          throw new DeadlineExceededException(target.totalTimeout().toSeconds(), e);
        }
        throw e;
      }
    }
  }

  PoolStats poolStats() {
    return connectionManager.getTotalStats();
  }

  @Override
  public void close() {
    client.close(CloseMode.GRACEFUL);
  }

  @SuppressWarnings("deprecation") // per-request connect timeout: still honoured by 5.x classic
  private static RequestConfig requestConfig(DeletionTarget target) {
    Timeout connect = Timeout.of(target.connectTimeout());
    return RequestConfig.custom()
        .setConnectionRequestTimeout(connect)
        .setConnectTimeout(connect)
        .setResponseTimeout(Timeout.of(target.readTimeout()))
        .setRedirectsEnabled(false)
        .build();
  }

  private SynthflowResponse exchange(HttpDelete request) throws IOException {
    ClassicHttpResponse response = client.executeOpen(null, request, null);
    int status = response.getCode();
    BodyPrefix body = new BodyPrefix(response.getEntity());
    // Closing normally drains what is left of the body so that the connection can be reused:
    // right for a body read to its end, wrong for one over the cap (possibly gigabytes) or one
    // that broke. Those connections are closed instead.
    CloseMode rest = CloseMode.IMMEDIATE;
    try {
      if (body.readToEnd()) {
        rest = CloseMode.GRACEFUL;
      }
    } catch (IOException e) {
      // A 2xx status line means Synthflow deleted the number; a body that then breaks (reset,
      // cut short, corrupt gzip, stalled) cannot undo that, and a retry would only report
      // NOT_FOUND. Any other status: the failure to read its explanation is the failure.
      if (!isSuccess(status)) {
        throw e;
      }
    } finally {
      close(response, rest);
      body.release();
    }
    return new SynthflowResponse(
        status,
        body.text(),
        header(response, HttpHeaders.RETRY_AFTER),
        header(response, HttpHeaders.LOCATION));
  }

  /** The client's responses are {@code CloseableHttpResponse}s, which close in either mode. */
  private static void close(ClassicHttpResponse response, CloseMode mode) {
    ((ModalCloseable) response).close(mode);
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status <= 299;
  }

  private static Optional<String> header(ClassicHttpResponse response, String name) {
    Header header = response.getFirstHeader(name);
    return header == null ? Optional.empty() : Optional.ofNullable(header.getValue());
  }

  /** Created on first use, so merely loading the connector class opens nothing. */
  private static final class Shared {
    static final SynthflowHttpClient INSTANCE = new SynthflowHttpClient();
  }

  /**
   * The first {@link #MAX_BODY_BYTES} bytes of a body. The buffer is sized from Content-Length when
   * there is one: an answer is a few dozen bytes, and a fixed 8 KiB buffer plus a copy would be
   * most of what a call allocates. One spare byte tells the end of the body from a body over the
   * cap.
   */
  private static final class BodyPrefix {
    private final HttpEntity entity;
    private InputStream in;
    private byte[] bytes;
    private int length;

    BodyPrefix(HttpEntity entity) {
      this.entity = entity;
      long declared = entity == null ? -1 : entity.getContentLength();
      this.bytes =
          new byte[declared >= 0 && declared <= MAX_BODY_BYTES ? (int) declared + 1 : 1024];
    }

    /**
     * Reads up to the cap. What arrived before a failure stays readable.
     *
     * @return true when the body ended within the cap, false when it is longer
     */
    boolean readToEnd() throws IOException {
      if (entity == null) {
        return true;
      }
      in = entity.getContent();
      for (int n; (n = in.read(bytes, length, bytes.length - length)) != -1; ) {
        length += n;
        if (length > MAX_BODY_BYTES) {
          return false;
        }
        if (length == bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, MAX_BODY_BYTES + 1));
        }
      }
      return true;
    }

    /**
     * Frees a decompressor, if the body had one. Only after the response was closed: closing the
     * stream of an unfinished body would drain it first.
     */
    void release() {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // the connection is closed already; nothing is left to release
        }
      }
    }

    /** Malformed UTF-8 becomes U+FFFD, as with a REPLACE decoder, without building one. */
    String text() {
      return new String(bytes, 0, Math.min(length, MAX_BODY_BYTES), StandardCharsets.UTF_8);
    }
  }

  /** The whole call took longer than connect plus read timeout and was aborted. */
  static final class DeadlineExceededException extends InterruptedIOException {
    DeadlineExceededException(long seconds, IOException cause) {
      super("no complete answer within " + seconds + " s");
      initCause(cause);
    }
  }
}
