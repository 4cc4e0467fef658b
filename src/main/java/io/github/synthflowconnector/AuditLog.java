package io.github.synthflowconnector;

import io.camunda.connector.api.outbound.JobContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per deletion attempt, for operators to ship to an audit store: a deletion is
 * irreversible and changes a bill. The format is a contract (documented in the README), so it is
 * written by hand rather than by a layout:
 *
 * <pre>
 * outcome=deleted slug=14155550123 region=eu httpStatus=200 bpmnProcessId=offboarding
 * processInstanceKey=2251799813685250 elementId=DeleteSynthflowNumber
 * elementInstanceKey=2251799813685249 tenantId=&lt;default&gt;
 * </pre>
 *
 * (one line). Keys always come in this order; {@code httpStatus} only when Synthflow answered,
 * {@code field} only for {@code INVALID_INPUT}. A value with anything but printable ASCII other
 * than space, {@code "}, {@code \} and {@code =} is written in double quotes with {@code "} and
 * {@code \} escaped and control characters as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code
 * uXXXX}, so that no value can start a new line or pose as another key. The API key is never among
 * the values.
 */
final class AuditLog {

  static final String LOGGER_NAME = "io.github.synthflowconnector.audit";

  /** Outcome of a successful deletion. */
  static final String DELETED = "deleted";

  /** Outcome when the number did not exist and {@code ifNotFound} is succeed. */
  static final String ALREADY_GONE = "already_gone";

  /** Outcome of a failure that carries no error code (a bug, not a Synthflow answer). */
  static final String ERROR = "error";

  /** Stands for a value that does not exist, e.g. the slug of an input that failed validation. */
  static final String NONE = "-";

  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  private AuditLog() {}

  /** What one attempt came to; filled in as the attempt goes. */
  static final class Attempt {
    String outcome = ERROR;
    DeletionTarget target;
    Integer httpStatus;
    String field;
  }

  /**
   * Writes the line. Never throws: it runs after the deletion, and an audit failure that failed the
   * job would make Zeebe retry a deletion that already happened.
   */
  static void write(Attempt attempt, JobContext job) {
    try {
      if (LOG.isInfoEnabled()) {
        LOG.info(line(attempt, job));
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not write the audit line: {}", e.getClass().getName());
    }
  }

  static String line(Attempt attempt, JobContext job) {
    StringBuilder line = new StringBuilder(256);
    append(line, "outcome", attempt.outcome);
    append(line, "slug", attempt.target == null ? NONE : attempt.target.slug());
    append(line, "region", attempt.target == null ? NONE : attempt.target.region());
    if (attempt.httpStatus != null) {
      append(line, "httpStatus", attempt.httpStatus.toString());
    }
    if (attempt.field != null) {
      append(line, "field", attempt.field);
    }
    append(line, "bpmnProcessId", read(job, JobContext::getBpmnProcessId));
    append(line, "processInstanceKey", read(job, JobContext::getProcessInstanceKey));
    append(line, "elementId", read(job, JobContext::getElementId));
    append(line, "elementInstanceKey", read(job, JobContext::getElementInstanceKey));
    append(line, "tenantId", read(job, JobContext::getTenantId));
    return line.toString();
  }

  /** A job context value, or null (written as {@link #NONE}) when the context cannot give it. */
  private static Object read(JobContext job, Function<JobContext, Object> getter) {
    if (job == null) {
      return null;
    }
    try {
      return getter.apply(job);
    } catch (RuntimeException e) { // a context that is no real job's: a test or embedding stub
      return null;
    }
  }

  private static void append(StringBuilder line, String key, Object value) {
    if (!line.isEmpty()) {
      line.append(' ');
    }
    line.append(key).append('=');
    String text = value == null ? NONE : value.toString();
    if (isBare(text)) {
      line.append(text);
      return;
    }
    line.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (needsEscape(c)) {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }

  private static boolean isBare(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '"' || c == '\\' || c == '=') {
        return false;
      }
    }
    return true;
  }

  /** Characters a log viewer might render as a line break or hide: controls and separators. */
  private static boolean needsEscape(char c) {
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT
        || type == Character.SURROGATE
        || type == Character.UNASSIGNED;
  }
}
