package io.github.synthflowconnector;

/**
 * Send times of the latest accepted requests, a ring of fixed size: how many the limit let through
 * lately. Not thread-safe: its owner's lock guards it.
 */
final class RecentSends {

  private final long[] times = new long[1024];
  private int count;

  void add(long sentNanos) {
    times[count++ & (times.length - 1)] = sentNanos;
  }

  /** How many were sent at or after {@code fromNanos}, up to the ring's size. */
  int since(long fromNanos) {
    int n = 0;
    for (int i = 1; i <= Math.min(count, times.length); i++) {
      if (times[(count - i) & (times.length - 1)] - fromNanos < 0) {
        break;
      }
      n++;
    }
    return n;
  }
}
