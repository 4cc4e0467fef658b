package io.github.synthflowconnector;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@link KeyPace} per API host and key, for one runtime. Synthflow limits per key, so every job
 * using a key in this runtime shares its pace; a runtime has one registry (the connector's
 * ServiceLoader constructor uses {@link #shared()}), and tests give each simulated runtime its own.
 *
 * <p>Entries are found by a SHA-256 of host and key, never by the key, and a pace's name in a log
 * line is a prefix of that hash.
 */
final class PaceRegistry {

  /** Beyond this many keys, paces idle for {@link #IDLE_NANOS} are dropped. */
  static final int TRIM_ABOVE = 256;

  static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

  private static final HexFormat HEX = HexFormat.of();

  private final ConcurrentHashMap<String, KeyPace> paces = new ConcurrentHashMap<>();

  /** The registry of this class loader's runtime. */
  static PaceRegistry shared() {
    return Shared.INSTANCE;
  }

  /**
   * The last key looked up: a runtime deleting numbers one after another uses one key, and the hash
   * would be most of what the pace costs a call when nothing limits. It holds a key this runtime is
   * using anyway, and only until another key comes.
   */
  private volatile Last last;

  private record Last(String scheme, String authority, String apiKey, KeyPace pace) {
    @Override
    public String toString() {
      return "Last[" + pace.name() + "]";
    }
  }

  /** The pace of {@code apiKey} at the host of {@code uri}. */
  KeyPace forKey(URI uri, String apiKey) {
    Last recent = last;
    if (recent != null
        && recent.apiKey.equals(apiKey)
        && recent.authority.equals(uri.getRawAuthority())
        && recent.scheme.equals(uri.getScheme())) {
      return recent.pace;
    }
    KeyPace pace = lookUp(uri, apiKey);
    last = new Last(uri.getScheme(), uri.getRawAuthority(), apiKey, pace);
    return pace;
  }

  private KeyPace lookUp(URI uri, String apiKey) {
    String hash = hash(uri, apiKey);
    KeyPace pace = paces.get(hash);
    if (pace != null) {
      return pace;
    }
    if (paces.size() >= TRIM_ABOVE) {
      paces.values().removeIf(p -> p.idleFor(IDLE_NANOS) && (last == null || p != last.pace));
    }
    return paces.computeIfAbsent(hash, h -> new KeyPace(h.substring(0, 12)));
  }

  /**
   * The key's identity in logs and names: scheme and authority of the API plus the key, hashed. A
   * key's limit is Synthflow's, whatever path prefix a gateway adds.
   */
  static String hash(URI uri, String apiKey) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    sha256.update(uri.getScheme().getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) ':');
    sha256.update(uri.getRawAuthority().getBytes(StandardCharsets.US_ASCII));
    sha256.update((byte) '\n');
    return HEX.formatHex(sha256.digest(apiKey.getBytes(StandardCharsets.UTF_8)));
  }

  int size() {
    return paces.size();
  }

  private static final class Shared {
    static final PaceRegistry INSTANCE = new PaceRegistry();
  }
}
