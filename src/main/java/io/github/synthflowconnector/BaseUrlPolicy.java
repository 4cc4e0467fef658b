package io.github.synthflowconnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the API key may go. Whoever models a process must not be able to send the workspace's key
 * to a host of their choosing (a secret reference would then be a way to read the secret), so a
 * custom base URL is accepted only on Synthflow's own hosts, on loopback, or under a base URL the
 * runtime's operator lists in {@link #ENV} or {@link #PROPERTY}. The task's URL is never resolved
 * to decide: only its canonical text counts ({@link ApiRoot}, {@link CanonicalHost}).
 */
final class BaseUrlPolicy {

  /** System property listing further allowed base URLs; wins over the variable. */
  static final String PROPERTY = "synthflow.connector.allowedBaseUrls";

  /** Environment variable listing further allowed base URLs, comma-separated. */
  static final String ENV = "SYNTHFLOW_CONNECTOR_ALLOWED_BASE_URLS";

  /** Synthflow's hosts, from {@link Region}: any path on them, https on the default port. */
  static final List<ApiRoot> SYNTHFLOW = synthflowHosts();

  private static final Logger LOG = LoggerFactory.getLogger(BaseUrlPolicy.class);
  private static final int MAX_SHOWN = 120;

  private final List<ApiRoot> listed;

  /** The setting that could not be read, or null: its entries then count for nothing. */
  private final String brokenSetting;

  private BaseUrlPolicy(List<ApiRoot> listed, String brokenSetting) {
    this.listed = List.copyOf(listed);
    this.brokenSetting = brokenSetting;
  }

  /** The runtime's policy, read from its settings once, when the first connector is created. */
  static BaseUrlPolicy runtime() {
    return Runtime.INSTANCE;
  }

  /**
   * The policy a runtime with these settings has; logs one line (ERROR when the setting cannot be
   * read, INFO with the list otherwise).
   *
   * @param property the system property's value, or null
   * @param environment the environment variable's value, or null
   */
  static BaseUrlPolicy fromSettings(String property, String environment) {
    String value = property != null ? property : environment;
    String setting = property != null ? "system property " + PROPERTY : ENV;
    if (value == null || value.isBlank()) {
      return new BaseUrlPolicy(List.of(), null);
    }
    List<ApiRoot> roots = new ArrayList<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      if (entry.isEmpty()) {
        continue; // "a, b," is a list of two
      }
      try {
        roots.add(ApiRoot.parse(entry, "entry"));
      } catch (InvalidInputException e) {
        LOG.error(
            "{} is invalid, so custom base URLs are refused unless they are Synthflow's or"
                + " loopback: entry {} {} {}. Expected comma-separated base URLs such as"
                + " https://gateway.example.com/synthflow",
            setting,
            i + 1,
            shown(entry),
            e.problem());
        return new BaseUrlPolicy(List.of(), setting);
      }
    }
    LOG.info(
        "{}: tasks may also send the API key under {} (besides Synthflow and loopback)",
        setting,
        String.join(", ", roots.stream().map(ApiRoot::toString).toList()));
    return new BaseUrlPolicy(roots, null);
  }

  /**
   * Passes when the key may be sent under {@code root}.
   *
   * @throws InvalidInputException naming {@code field} and the setting to ask the operator for
   */
  void check(ApiRoot root, String field) {
    Objects.requireNonNull(root, "root");
    if (root.isLoopback() || within(SYNTHFLOW, root) || within(listed, root)) {
      return;
    }
    String refused = "is not an API root this runtime sends the API key to, and nothing was sent: ";
    if (brokenSetting != null) {
      throw new InvalidInputException(
          field,
          refused
              + "the runtime's list of allowed base URLs, "
              + brokenSetting
              + ", is invalid (its log at start says why), so only Synthflow's API and loopback"
              + " are allowed. Ask the runtime's operator to fix "
              + brokenSetting);
    }
    throw new InvalidInputException(
        field,
        refused
            + "only Synthflow's API ("
            + String.join(", ", SYNTHFLOW.stream().map(ApiRoot::toString).toList())
            + "), loopback, and what the runtime's operator lists in "
            + ENV
            + " (or the system property "
            + PROPERTY
            + "). Ask the operator to list this gateway there");
  }

  private static boolean within(List<ApiRoot> allowed, ApiRoot root) {
    for (ApiRoot candidate : allowed) {
      if (root.within(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** The entry as the operator wrote it, unless it might hold credentials; one line, capped. */
  private static String shown(String entry) {
    if (entry.contains("@")) {
      return "(not shown: it contains '@', which may be credentials)";
    }
    String line = entry.replaceAll("[\\p{Cntrl}]", "?");
    return "'" + (line.length() > MAX_SHOWN ? line.substring(0, MAX_SHOWN) + "..." : line) + "'";
  }

  private static List<ApiRoot> synthflowHosts() {
    List<ApiRoot> hosts = new ArrayList<>();
    for (Region region : Region.values()) {
      region
          .apiRoot()
          .map(root -> ApiRoot.parse(root.toString(), "Region." + region.name()))
          .ifPresent(root -> hosts.add(new ApiRoot(root.scheme(), root.host(), root.port(), "")));
    }
    return List.copyOf(hosts);
  }

  /** Read on first use, i.e. when the runtime creates the connector at start. */
  private static final class Runtime {
    static final BaseUrlPolicy INSTANCE =
        fromSettings(System.getProperty(PROPERTY), System.getenv(ENV));
  }
}
