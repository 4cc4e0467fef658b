package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyPaceTest {

  static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  static long within(long nanos) {
    return System.nanoTime() + nanos;
  }

  @Nested
  class BeforeAny429 {

    @Test
    void shouldLetEveryCallerGoAtOnce_whenAnswersComeBack() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      for (int i = 0; i < 100; i++) {
        long sent = System.nanoTime();
        assertThat(pace.acquire(sent)).isZero();
        pace.accepted(sent);
      }
      assertThat(pace.rate()).isZero();
    }

    @Test
    void shouldCapTheRequestsInFlight_whenNoAnswerCameYet() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      for (int i = 0; i < KeyPace.INITIAL_IN_FLIGHT; i++) {
        assertThat(pace.acquire(System.nanoTime())).isZero();
      }
      assertThat(pace.acquire(System.nanoTime())).as("one more, with no time to wait").isNegative();
      pace.accepted(System.nanoTime());
      assertThat(pace.acquire(System.nanoTime())).as("an answer freed a place").isZero();
      assertThat(pace.acquire(System.nanoTime())).as("and the cap grew by one").isZero();
    }
  }

  @Nested
  class After429 {

    @Test
    void shouldRefuseAtOnce_whenTheRetryAfterEndsAfterTheLatestStart() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      long sent = System.nanoTime();
      pace.acquire(sent);
      pace.rateLimited(sent, 42 * SECOND);

      long started = System.nanoTime();
      long turn = pace.acquire(within(10 * SECOND));

      assertThat(turn).isNegative();
      assertThat(-turn).as("the wait it reports").isGreaterThan(41 * SECOND);
      assertThat(System.nanoTime() - started).as("it did not wait").isLessThan(5 * SECOND);
    }

    @Test
    void shouldNotGrantATurnBeforeTheRetryAfter_whenTheCallerCanWait() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      long sent = System.nanoTime();
      pace.acquire(sent);
      pace.rateLimited(sent, SECOND / 2);
      long limited = System.nanoTime();

      assertThat(pace.acquire(within(30 * SECOND))).isZero();

      assertThat(System.nanoTime() - limited).isGreaterThanOrEqualTo(SECOND / 2);
    }

    @Test
    void shouldCutTheRateOncePerEpisode_when429sAnswerRequestsSentBeforeTheCut()
        throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      long early = System.nanoTime();
      pace.acquire(early);
      pace.acquire(early);
      pace.acquire(early);
      assertThat(pace.rateLimited(early, 1)).as("the first 429 starts pacing").isTrue();
      double first = pace.rate();
      assertThat(pace.rateLimited(early, 1)).as("sent before the cut: same episode").isFalse();
      assertThat(pace.rate()).isEqualTo(first);

      long later = System.nanoTime();
      assertThat(pace.acquire(within(30 * SECOND))).isZero();
      assertThat(pace.rateLimited(later + 1, 1)).as("sent after the cut: a new episode").isTrue();
      assertThat(pace.rate()).isLessThan(first);
    }

    @Test
    void shouldSpaceTurnsAtTheLearnedRate_whenManyCallersWait() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      long sent = System.nanoTime();
      pace.acquire(sent);
      pace.rateLimited(sent, 1); // no accepted answer yet: the slowest first rate, 1 per second
      assertThat(pace.rate()).isEqualTo(1.0);

      long start = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        assertThat(pace.acquire(within(30 * SECOND))).isZero();
      }
      // Turns one second apart: the third cannot come before two seconds, surely not before one.
      assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SECOND - SECOND / 10);
    }

    @Test
    void shouldGiveUpTheTurn_whenTheCallerCannotWaitForIt() throws InterruptedException {
      KeyPace pace = new KeyPace("test");
      long sent = System.nanoTime();
      pace.acquire(sent);
      pace.rateLimited(sent, SECOND / 5);

      assertThat(pace.acquire(System.nanoTime() + SECOND / 10))
          .as("turn after its latest start")
          .isNegative();
      assertThat(pace.acquire(within(30 * SECOND))).as("the next caller is not held up").isZero();
    }
  }

  @Nested
  class Registry {

    @Test
    void shouldShareOnePace_whenTheKeyAndHostAreTheSame() {
      PaceRegistry registry = new PaceRegistry();
      KeyPace one = registry.forKey(URI.create("https://api.us.synthflow.ai/v2/numbers/1"), "sk-a");
      KeyPace two = registry.forKey(URI.create("https://api.us.synthflow.ai/v2/numbers/2"), "sk-a");
      KeyPace otherKey =
          registry.forKey(URI.create("https://api.us.synthflow.ai/v2/numbers/1"), "sk-b");
      KeyPace otherHost =
          registry.forKey(URI.create("https://api.eu.synthflow.ai/v2/numbers/1"), "sk-a");

      assertThat(two).isSameAs(one);
      assertThat(otherKey).isNotSameAs(one);
      assertThat(otherHost).isNotSameAs(one).isNotSameAs(otherKey);
    }

    @Test
    void shouldNameThePaceByAHash_whenTheKeyIsKnown() {
      String key = "sk_live_0123456789abcdef";
      KeyPace pace = new PaceRegistry().forKey(URI.create("https://api.us.synthflow.ai/v2"), key);

      assertThat(pace.name())
          .matches("[0-9a-f]{12}")
          .isEqualTo(
              PaceRegistry.hash(URI.create("https://api.us.synthflow.ai/x"), key).substring(0, 12))
          .doesNotContain(key.substring(0, 6));
    }
  }
}
