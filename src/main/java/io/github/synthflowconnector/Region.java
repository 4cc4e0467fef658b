package io.github.synthflowconnector;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Synthflow API clusters. A workspace, and so its API key, lives in exactly one of them. */
enum Region {
  US("https://api.us.synthflow.ai/v2"),
  EU("https://api.eu.synthflow.ai/v2"),
  /** The legacy cluster, being retired at the end of 2026: listed last of the fixed ones. */
  GLOBAL("https://api.synthflow.ai/v2"),
  /** Any API root the modeler supplies: a proxy, a gateway, a test server. */
  CUSTOM(null);

  private final URI apiRoot;
  private final String id;

  Region(String apiRoot) {
    this.apiRoot = apiRoot == null ? null : URI.create(apiRoot);
    // Once, not per job: fromId compares against every region on each call.
    this.id = name().toLowerCase(Locale.ROOT);
  }

  /** The fixed API root, empty for {@link #CUSTOM}. */
  Optional<URI> apiRoot() {
    return Optional.ofNullable(apiRoot);
  }

  /** The value used in the template, the job variables and the result. */
  String id() {
    return id;
  }

  static Optional<Region> fromId(String id) {
    for (Region region : values()) {
      if (region.id().equals(id)) {
        return Optional.of(region);
      }
    }
    return Optional.empty();
  }
}
