package io.github.synthflowconnector;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scans every log event of the test JVM (logback-test.xml sends all loggers here at DEBUG) for
 * watched secrets. Keeps only the offending lines, with the secret masked, so that thousands of
 * calls do not fill the heap and the report never prints the secret itself.
 */
public final class LogLeakAppender extends AppenderBase<ILoggingEvent> {

  /** Every watched form, mapped to the secret it is a form of. */
  private static final Map<String, String> SECRETS = new ConcurrentHashMap<>();

  private static final List<Leak> LEAKS = new CopyOnWriteArrayList<>();
  private static final AtomicLong EVENTS = new AtomicLong();
  private static final Map<String, LongAdder> DEBUG_EVENTS_BY_LOGGER = new ConcurrentHashMap<>();
  private static volatile boolean installed;

  @Override
  public void start() {
    installed = true;
    super.start();
  }

  /** Whether logback loaded this appender, i.e. whether the scan sees anything at all. */
  static boolean installed() {
    return installed;
  }

  /** Watches the secret in every form it could take in a log line. */
  static void watch(String secret) {
    for (String form : HostileSecrets.formsOf(Objects.requireNonNull(secret, "secret"))) {
      SECRETS.put(form, secret);
    }
  }

  static Mark mark() {
    return new Mark(EVENTS.get(), LEAKS.size());
  }

  static long events() {
    return EVENTS.get();
  }

  static List<String> leaksSince(Mark mark) {
    return LEAKS.subList(mark.leaks(), LEAKS.size()).stream().map(Leak::line).toList();
  }

  /** The lines since the mark that carried the given secret, in any form. */
  static List<String> leaksSince(Mark mark, String secret) {
    return LEAKS.subList(mark.leaks(), LEAKS.size()).stream()
        .filter(leak -> leak.secret().equals(secret))
        .map(Leak::line)
        .toList();
  }

  static long debugEventsOf(String loggerPrefix) {
    return DEBUG_EVENTS_BY_LOGGER.entrySet().stream()
        .filter(e -> e.getKey().startsWith(loggerPrefix))
        .mapToLong(e -> e.getValue().sum())
        .sum();
  }

  @Override
  protected void append(ILoggingEvent event) {
    EVENTS.incrementAndGet();
    if (event.getLevel() == Level.DEBUG || event.getLevel() == Level.TRACE) {
      DEBUG_EVENTS_BY_LOGGER
          .computeIfAbsent(event.getLoggerName(), k -> new LongAdder())
          .increment();
    }
    if (SECRETS.isEmpty()) {
      return;
    }
    String text = render(event);
    for (Map.Entry<String, String> watched : SECRETS.entrySet()) {
      if (text.contains(watched.getKey())) {
        LEAKS.add(
            new Leak(
                watched.getValue(),
                event.getLevel()
                    + " "
                    + event.getLoggerName()
                    + ": "
                    + abbreviate(HostileSecrets.mask(text, SECRETS.keySet()))));
        return;
      }
    }
  }

  /** Everything a layout could print: message, arguments, key-value pairs, MDC and throwables. */
  private static String render(ILoggingEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    Object[] arguments = event.getArgumentArray();
    if (arguments != null) {
      for (Object argument : arguments) {
        text.append(' ').append(argument);
      }
    }
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> text.append(' ').append(pair));
    }
    event.getMDCPropertyMap().forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
      StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
      if (frames != null) {
        for (StackTraceElementProxy frame : frames) {
          text.append(' ').append(frame.getSTEAsString());
        }
      }
      for (IThrowableProxy suppressed :
          t.getSuppressed() == null ? new IThrowableProxy[0] : t.getSuppressed()) {
        text.append(' ').append(suppressed.getClassName()).append(": ");
        text.append(suppressed.getMessage());
      }
    }
    return text.toString();
  }

  private static String abbreviate(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "…" : text;
  }

  record Mark(long events, int leaks) {}

  /** A log line with a watched secret (masked) and the secret it carried. */
  private record Leak(String secret, String line) {}
}
