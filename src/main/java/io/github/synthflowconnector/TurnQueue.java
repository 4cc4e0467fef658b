package io.github.synthflowconnector;

import java.util.HashSet;
import java.util.Set;

/**
 * Callers' turns in arrival order, as tickets. Not thread-safe: its owner's lock guards it. A
 * caller that gives up leaves a gap that the queue skips, so nobody waits for a turn nobody takes.
 */
final class TurnQueue {

  private long issued;
  private long served;
  private final Set<Long> abandoned = new HashSet<>();

  long take() {
    return issued++;
  }

  boolean isFirst(long ticket) {
    return ticket == served;
  }

  /** How many callers are ahead of {@code ticket}. */
  long ahead(long ticket) {
    return ticket - served;
  }

  boolean isEmpty() {
    return issued == served;
  }

  /** The first caller took its turn. */
  void next() {
    served++;
    while (abandoned.remove(served)) {
      served++;
    }
  }

  void abandon(long ticket) {
    if (ticket == served) {
      next();
    } else {
      abandoned.add(ticket);
    }
  }
}
