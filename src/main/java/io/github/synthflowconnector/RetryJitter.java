package io.github.synthflowconnector;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads the backoff of jobs handed back for a 429. Jobs turned away together would otherwise come
 * back together, at the moment the limit lets the first few through, and spend a retry each on the
 * rest. Only ever adds: a backoff never gets shorter than what Synthflow asked for.
 */
final class RetryJitter {

  /** At most this share of the backoff is added, and at least {@link #MIN_SPREAD}. */
  static final double SHARE = 0.2;

  static final Duration MIN_SPREAD = Duration.ofSeconds(2);

  private RetryJitter() {}

  static Duration spread(Duration backoff) {
    long widthMillis = Math.max(MIN_SPREAD.toMillis(), (long) (backoff.toMillis() * SHARE));
    return backoff.plusMillis(ThreadLocalRandom.current().nextLong(widthMillis + 1));
  }

  /** The longest backoff {@link #spread} can make of {@code backoff}. */
  static Duration widest(Duration backoff) {
    return backoff.plusMillis(Math.max(MIN_SPREAD.toMillis(), (long) (backoff.toMillis() * SHARE)));
  }
}
