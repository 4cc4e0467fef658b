package io.github.synthflowconnector;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Generated inputs for the {@code Property*Test} suites, without a property-testing library. Every
 * run uses one seed: {@link #DEFAULT_SEED}, so that CI sees the same inputs each build, or the
 * value of {@code -Dsynthflow.test.seed=...} for exploratory runs. A failing case reports the seed
 * and its case number; running the same test with that seed generates the same case again.
 */
final class Generated {

  static final String SEED_PROPERTY = "synthflow.test.seed";

  static final long DEFAULT_SEED = 20261130L;

  static final long SEED = seed(System.getProperty(SEED_PROPERTY));

  /** How many inputs a generated test tries; read by the test itself and by ReadmeFigures. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface Tries {
    int value();
  }

  /** Cases that have run, per test class and method: whether a class ran all of its cases. */
  private static final Map<String, AtomicInteger> RUN = new ConcurrentHashMap<>();

  private Generated() {}

  static long seed(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_SEED;
    }
    try {
      return Long.decode(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a whole number (decimal or 0x hex), got: " + value, e);
    }
  }

  /**
   * One dynamic test per generated input of the calling {@link Tries} method. Case i's input
   * depends only on the seed, the method's name and i, so that one case replays alone. Any failure
   * is rethrown with the seed, the case and the input in its message.
   */
  static <T> Stream<DynamicTest> cases(
      TestInfo info, Function<Gen, T> generator, ThrowingConsumer<T> property) {
    Method method = info.getTestMethod().orElseThrow();
    Tries tries = method.getAnnotation(Tries.class);
    if (tries == null) {
      throw new IllegalStateException(method + " needs @Generated.Tries");
    }
    String name = method.getName();
    String key = method.getDeclaringClass().getName() + "#" + name;
    return IntStream.range(0, tries.value())
        .mapToObj(i -> {
          T input;
          try {
            input = generator.apply(new Gen(new SplittableRandom(caseSeed(name, i))));
          } catch (RuntimeException e) {
            throw new IllegalStateException(
                String.format(
                    "%s could not generate case #%d with seed %d: %s",
                    name, i, SEED, e.getMessage()),
                e);
          }
          String shown = printable(input);
          return DynamicTest.dynamicTest(
              "#" + i + " " + shown,
              () -> {
                RUN.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                try {
                  property.accept(input);
                } catch (AssertionError | RuntimeException e) {
                  throw new AssertionError(
                      String.format(
                          "%s case #%d of %d failed with seed %d (replay: -D%s=%d), input %s:%n%s",
                          name, i, tries.value(), SEED, SEED_PROPERTY, SEED, shown, e.getMessage()),
                      e);
                }
              });
        });
  }

  /** Whether every case of every {@link Tries} method of the class has run in this JVM. */
  static boolean ranFully(Class<?> testClass) {
    boolean any = false;
    for (Method method : testClass.getDeclaredMethods()) {
      Tries tries = method.getAnnotation(Tries.class);
      if (tries != null) {
        any = true;
        AtomicInteger run = RUN.get(testClass.getName() + "#" + method.getName());
        if (run == null || run.get() < tries.value()) {
          return false;
        }
      }
    }
    return any;
  }

  /** The inputs the class's {@link Tries} methods declare together. */
  static int triesDeclared(Class<?> testClass) {
    int sum = 0;
    for (Method method : testClass.getDeclaredMethods()) {
      Tries tries = method.getAnnotation(Tries.class);
      if (tries != null) {
        sum += tries.value();
      }
    }
    return sum;
  }

  private static long caseSeed(String name, int index) {
    // Two rounds of SplittableRandom's mixing keep neighbouring cases and methods unrelated.
    long mixed = new SplittableRandom(SEED ^ ((long) name.hashCode() << 32)).nextLong();
    return new SplittableRandom(mixed + index).nextLong();
  }

  /** The input as a Java-like literal: control and non-ASCII characters escaped, long text cut. */
  static String printable(Object input) {
    String text =
        input instanceof String s
            ? "\"" + s + "\""
            : input == null || input instanceof Record
                ? String.valueOf(input)
                : input.getClass().getSimpleName() + " " + input;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 120; i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.length() < 120 ? out.toString() : out + "... (" + text.length() + " chars)";
  }

  /** A case's source of randomness, with the few shapes the generated tests need. */
  static final class Gen {
    static final String DIGITS = "0123456789";
    static final String ALPHANUMERIC =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + DIGITS;

    private final SplittableRandom random;

    Gen(SplittableRandom random) {
      this.random = random;
    }

    /** Uniform in [min, max], both included. */
    int between(int min, int max) {
      return random.nextInt(min, max + 1);
    }

    /** A length in [min, max]: min or max a tenth of the time each, so the edges are tried. */
    int length(int min, int max) {
      int roll = random.nextInt(10);
      return roll == 0 ? min : roll == 1 ? max : between(min, max);
    }

    boolean bool() {
      return random.nextBoolean();
    }

    long anyLong() {
      return random.nextLong();
    }

    double between(double min, double max) {
      return random.nextDouble(min, max);
    }

    @SafeVarargs
    final <T> T oneOf(T... values) {
      return values[random.nextInt(values.length)];
    }

    <T> T oneOf(List<T> values) {
      return values.get(random.nextInt(values.size()));
    }

    /** An index into weights, drawn in proportion to them. */
    int weighted(int... weights) {
      int roll = random.nextInt(IntStream.of(weights).sum());
      for (int i = 0; i < weights.length; i++) {
        roll -= weights[i];
        if (roll < 0) {
          return i;
        }
      }
      throw new AssertionError("unreachable");
    }

    String string(String alphabet, int minLength, int maxLength) {
      int length = length(minLength, maxLength);
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return text.toString();
    }

    /** A value that passes the filter; a generator that rarely does is a broken generator. */
    <T> T filtered(Function<Gen, T> generator, Predicate<T> filter) {
      for (int attempt = 0; attempt < 1_000; attempt++) {
        T value = generator.apply(this);
        if (filter.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("1,000 generated values in a row failed the filter");
    }
  }
}
