package io.github.synthflowconnector;

import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The figures the README's "Behaviour under faults" section states about the suites. Each is
 * counted from the suite itself or asserted by it, and {@link ReadmeFiguresTest} holds the README's
 * text to them, so that neither can drift from the other.
 */
final class ReadmeFigures {

  /**
   * A full run of the fault suite scans at least this many log events (every logger at DEBUG);
   * about 1,900 in practice. The floor proves that "no key in any log line" rests on real traffic.
   */
  static final long MIN_FAULT_SUITE_LOG_EVENTS = 1_500;

  /**
   * An endless error body is dropped at the cap, not drained: the server gets to write at most this
   * much into the kernel's socket buffers on loopback before the connector closes the connection.
   */
  static final long MAX_ENDLESS_BODY_MIB = 16;

  private ReadmeFigures() {}

  /** The scenarios FaultSuiteTest declares: one per test, one per value of a parameterized one. */
  static int faultScenariosDeclared() {
    int scenarios = 0;
    Deque<Class<?>> classes = new ArrayDeque<>();
    classes.add(FaultSuiteTest.class);
    while (!classes.isEmpty()) {
      Class<?> type = classes.pop();
      for (Class<?> nested : type.getDeclaredClasses()) {
        classes.add(nested);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Test.class)) {
          scenarios++;
        } else if (method.isAnnotationPresent(ParameterizedTest.class)) {
          ValueSource values = method.getAnnotation(ValueSource.class);
          if (values == null) {
            throw new IllegalStateException(method + ": count its cases here");
          }
          scenarios += valueCount(values);
        }
      }
    }
    return scenarios;
  }

  /** Every value a {@link ValueSource} lists, whatever its type. */
  static int valueCount(ValueSource values) {
    return values.shorts().length
        + values.bytes().length
        + values.ints().length
        + values.longs().length
        + values.floats().length
        + values.doubles().length
        + values.chars().length
        + values.booleans().length
        + values.strings().length
        + values.classes().length;
  }

  /** The generated inputs PropertyRequestShapeTest tries per build: the sum of its tries. */
  static int requestShapeTriesDeclared() {
    return Generated.triesDeclared(PropertyRequestShapeTest.class);
  }
}
