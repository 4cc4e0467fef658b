package io.github.synthflowconnector;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated request: everything needed to send the DELETE, nothing left to interpret. Holds the
 * API key, so {@link #toString} hides it.
 *
 * @param uri the full endpoint, {@code <api root>/numbers/<slug>}
 * @param slug the path segment, {@code [A-Za-z0-9_-]{1,64}}
 * @param region the region id reported back to the process
 * @param apiKey the bearer token, printable ASCII only
 * @param succeedIfNotFound whether an unknown number counts as already deleted
 * @param connectTimeout bound on obtaining a connection (pool lease, TCP and TLS)
 * @param readTimeout bound on waiting for the answer
 */
record DeletionTarget(
    URI uri,
    String slug,
    String region,
    String apiKey,
    boolean succeedIfNotFound,
    Duration connectTimeout,
    Duration readTimeout) {

  DeletionTarget {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
  }

  /** Hard limit on the whole exchange, so that a server trickling bytes cannot hold a worker. */
  Duration totalTimeout() {
    return connectTimeout.plus(readTimeout);
  }

  @Override
  public String toString() {
    return "DeletionTarget[uri="
        + uri
        + ", region="
        + region
        + ", apiKey=***, succeedIfNotFound="
        + succeedIfNotFound
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }
}
