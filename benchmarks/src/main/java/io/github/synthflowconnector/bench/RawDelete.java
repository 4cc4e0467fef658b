package io.github.synthflowconnector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The least a DELETE can cost: one shared pooled HttpClient 5 client, the request, and the JSON
 * answer's {@code status}. The floor calls it directly, the ideal connector from a job.
 * Thread-safe.
 */
final class RawDelete implements AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final CloseableHttpClient client =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setMaxConnTotal(64)
                  .setMaxConnPerRoute(64)
                  .build())
          .build();

  String status(URI uri, String apiKey) throws IOException {
    HttpDelete request = new HttpDelete(uri);
    request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey);
    request.setHeader(HttpHeaders.ACCEPT, "application/json");
    return client.execute(
        request,
        response -> {
          // Never time a broken call: anything but 200 ends the benchmark.
          if (response.getCode() != 200) {
            throw new IOException("HTTP " + response.getCode());
          }
          return json.readTree(EntityUtils.toByteArray(response.getEntity()))
              .path("status")
              .asText();
        });
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
