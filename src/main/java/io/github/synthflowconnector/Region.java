package io.github.synthflowconnector;

import io.github.synthflowconnector.model.InputRules;
import java.net.URI;
import java.util.Optional;

/** Synthflow API clusters. A workspace, and so its API key, lives in exactly one of them. */
enum Region {
  US(InputRules.REGION_US, "https://api.us.synthflow.ai/v2"),
  EU(InputRules.REGION_EU, "https://api.eu.synthflow.ai/v2"),
  /** The legacy cluster, being retired at the end of 2026: listed last of the fixed ones. */
  GLOBAL(InputRules.REGION_GLOBAL, "https://api.synthflow.ai/v2"),
  /** Any API root the modeler supplies: a proxy, a gateway, a test server. */
  CUSTOM(InputRules.REGION_CUSTOM, null);

  private final URI apiRoot;
  private final String id;

  Region(String id, String apiRoot) {
    this.id = id;
    this.apiRoot = apiRoot == null ? null : URI.create(apiRoot);
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
