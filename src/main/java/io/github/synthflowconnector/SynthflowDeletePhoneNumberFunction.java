package io.github.synthflowconnector;

import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.outbound.JobContext;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import io.github.synthflowconnector.model.DeletePhoneNumberResult;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes a phone number from a Synthflow workspace: {@code DELETE <api root>/numbers/<slug>}.
 *
 * <p>One instance serves every job of a runtime, on any number of threads. The shared state is the
 * pooled HTTP client and the pace of each API key ({@link KeyPace}), learned from 429 answers.
 */
@OutboundConnector(
    name = "Synthflow: delete phone number",
    inputVariables = {
      "authentication",
      "region",
      "baseUrl",
      "phoneNumber",
      "ifNotFound",
      "connectionTimeoutInSeconds",
      "readTimeoutInSeconds"
    },
    type = SynthflowDeletePhoneNumberFunction.TYPE)
@ElementTemplate(
    id = "io.github.synthflowconnector.DeletePhoneNumber.v1",
    name = "Synthflow: Delete phone number",
    // Bump on any change to a released template (element-templates/versioned/ keeps the released
    // ones, ElementTemplateVersionsTest enforces it). The engines range is what
    // it/compat-matrix/run.sh proves, from its oldest runtime version on. Version 2 (2.0.0): the
    // Base URL's description names the operator's allow-list.
    version = 2,
    engineVersion = "^8.8",
    description =
        "Deletes a phone number from a Synthflow workspace: detaches it from its agents and"
            + " cancels its subscription. Irreversible.",
    icon = "synthflow-connector-icon.svg",
    documentationRef = "https://github.com/synthflowconnector/synthflow-connector#readme",
    metadata = @ElementTemplate.Metadata(keywords = {"synthflow", "phone number", "offboarding"}),
    defaultResultVariable = "synthflowResult",
    propertyGroups = {
      @PropertyGroup(id = "authentication", label = "Authentication"),
      @PropertyGroup(id = "phoneNumber", label = "Phone number"),
      @PropertyGroup(id = "connection", label = "Connection", openByDefault = false)
    },
    inputDataClass = DeletePhoneNumberRequest.class,
    outputDataClass = DeletePhoneNumberResult.class)
public final class SynthflowDeletePhoneNumberFunction implements OutboundConnectorFunction {

  public static final String TYPE = "io.github.synthflowconnector:delete-phone-number:1";

  static final String NOT_FOUND_STATUS = "not_found";

  private static final Logger LOG =
      LoggerFactory.getLogger(SynthflowDeletePhoneNumberFunction.class);

  private final PacedDelete paced;
  private final ErrorMapper errors;
  private final BaseUrlPolicy baseUrls;

  /**
   * Used by the runtime's service loader: all instances share one pooled client and one pace per
   * API key, and the runtime's allowed base URLs are read here, at start.
   */
  public SynthflowDeletePhoneNumberFunction() {
    this(
        SynthflowHttpClient.shared(),
        Clock.systemUTC(),
        PaceRegistry.shared(),
        BaseUrlPolicy.runtime());
  }

  /** With its own paces: a test's connector learns nothing from another test's 429s. */
  SynthflowDeletePhoneNumberFunction(SynthflowHttpClient http, Clock clock) {
    this(http, clock, new PaceRegistry(), BaseUrlPolicy.runtime());
  }

  /** With its own paces and the given allowed base URLs. */
  SynthflowDeletePhoneNumberFunction(
      SynthflowHttpClient http, Clock clock, BaseUrlPolicy baseUrls) {
    this(http, clock, new PaceRegistry(), baseUrls);
  }

  /** A simulated runtime of its own: its own client and paces. */
  SynthflowDeletePhoneNumberFunction(SynthflowHttpClient http, Clock clock, PaceRegistry paces) {
    this(http, clock, paces, BaseUrlPolicy.runtime());
  }

  SynthflowDeletePhoneNumberFunction(
      SynthflowHttpClient http, Clock clock, PaceRegistry paces, BaseUrlPolicy baseUrls) {
    Objects.requireNonNull(clock, "clock");
    this.paced = new PacedDelete(http, paces, clock);
    this.errors = new ErrorMapper(clock);
    this.baseUrls = Objects.requireNonNull(baseUrls, "baseUrls");
  }

  @Override
  public Object execute(OutboundConnectorContext context) {
    AuditLog.Attempt attempt = new AuditLog.Attempt();
    try {
      return delete(context, attempt);
    } catch (ConnectorException e) {
      attempt.outcome = e.getErrorCode() == null ? AuditLog.ERROR : e.getErrorCode();
      throw e;
    } finally {
      // Every attempt, whatever became of it: one line, written when the outcome is known.
      AuditLog.write(attempt, jobOf(context));
    }
  }

  private static JobContext jobOf(OutboundConnectorContext context) {
    try {
      return context.getJobContext();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private Object delete(OutboundConnectorContext context, AuditLog.Attempt attempt) {
    DeletionTarget target;
    try {
      target = RequestValidator.validate(bind(context), baseUrls);
    } catch (InvalidInputException e) {
      attempt.field = e.field();
      throw ErrorMapper.invalidInput(e);
    }
    attempt.target = target;

    PacedDelete.Result call;
    try {
      call = paced.delete(target);
    } catch (IOException e) {
      LOG.debug(
          "Synthflow call for number {} in region {} failed: {}",
          target.slug(),
          target.region(),
          e.getClass().getName());
      throw errors.fromTransport(e, target, taskBackoff(context));
    }
    SynthflowResponse response = call.response();
    if (response == null) {
      throw errors.notSent(target, taskBackoff(context), call.notBefore());
    }

    int status = response.statusCode();
    attempt.httpStatus = status;
    if (status >= 200 && status <= 299) {
      attempt.outcome = AuditLog.DELETED;
      String synthflowStatus =
          SynthflowMessages.status(response.body())
              .map(s -> Redactor.clean(s, target.apiKey()))
              .orElse("ok");
      return new DeletePhoneNumberResult(synthflowStatus, true, target.slug(), target.region());
    }
    if (target.succeedIfNotFound() && response.numberNotFound()) {
      attempt.outcome = AuditLog.ALREADY_GONE;
      return new DeletePhoneNumberResult(NOT_FOUND_STATUS, false, target.slug(), target.region());
    }
    throw errors.fromResponse(response, target, taskBackoff(context), call.notBefore());
  }

  /**
   * Binding failures (a field of the wrong JSON type) become {@code INVALID_INPUT} like every other
   * input problem. The runtime's own message is not passed on: it may quote the input. A secret the
   * runtime could not resolve fails here too, and is reported as that, by name.
   */
  private static DeletePhoneNumberRequest bind(OutboundConnectorContext context) {
    try {
      return context.bindVariables(DeletePhoneNumberRequest.class);
    } catch (ConnectorInputException e) {
      throw UnresolvedSecret.from(e).orElseGet(() -> wrongType(e));
    } catch (IllegalArgumentException e) {
      throw wrongType(e);
    }
  }

  private static InvalidInputException wrongType(RuntimeException e) {
    return new InvalidInputException(
        fieldOf(e), "has a value of the wrong type (check the task's input mappings)");
  }

  private static String fieldOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
          && !mapping.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        for (var reference : mapping.getPath()) {
          if (reference.getFieldName() != null) {
            path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
          }
        }
        if (path.length() > 0) {
          return path.toString();
        }
      }
    }
    return "input";
  }

  /**
   * The task's own retry backoff, so that a retry never comes sooner than the modeler asked. Read
   * only when a call failed: a successful deletion has no use for it.
   */
  private static Duration taskBackoff(OutboundConnectorContext context) {
    Map<String, String> headers = context.getJobContext().getCustomHeaders();
    String value = headers == null ? null : headers.get("retryBackoff");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null; // the runtime rejects the header itself, with its own message
    }
  }
}
