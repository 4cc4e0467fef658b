package io.github.synthflowconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/**
 * The task's inputs exactly as the job carries them. Nothing here is trusted: {@code
 * RequestValidator} turns it into a {@code DeletionTarget} or an {@code INVALID_INPUT} error, so
 * every field stays loosely typed (a FEEL expression may yield a number for the phone number, a
 * string for a timeout).
 */
public record DeletePhoneNumberRequest(
    Authentication authentication,
    @TemplateProperty(
            group = "phoneNumber",
            label = "Region",
            type = PropertyType.Dropdown,
            defaultValue = InputRules.REGION_US,
            description =
                "Region the Synthflow workspace was created in. A key only works in its own"
                    + " region: a wrong region fails with UNAUTHORIZED.",
            choices = {
              @DropdownPropertyChoice(value = InputRules.REGION_US, label = "United States"),
              @DropdownPropertyChoice(value = InputRules.REGION_EU, label = "European Union"),
              @DropdownPropertyChoice(
                  value = InputRules.REGION_GLOBAL,
                  label = "Global (legacy, being retired in late 2026)"),
              @DropdownPropertyChoice(value = InputRules.REGION_CUSTOM, label = "Custom base URL")
            })
        String region,
    @TemplateProperty(
            group = "phoneNumber",
            label = "Base URL",
            description =
                "API root including /v2, for a proxy or gateway. HTTPS only (plain HTTP only to"
                    + " localhost). Synthflow's own hosts and localhost always work; the API key"
                    + " goes to any other host only when the connector runtime's operator lists it"
                    + " in SYNTHFLOW_CONNECTOR_ALLOWED_BASE_URLS.",
            exampleValue = "https://synthflow-gateway.example.com/v2",
            condition = @PropertyCondition(property = "region", equals = InputRules.REGION_CUSTOM),
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @TemplateProperty.Pattern(
                            value = "^(=.*|https?://\\S+)$",
                            message = "Must start with https:// (or be a FEEL expression)")))
        String baseUrl,
    @TemplateProperty(
            group = "phoneNumber",
            label = "Phone number",
            type = PropertyType.String,
            feel = io.camunda.connector.generator.dsl.Property.FeelMode.optional,
            description =
                "Number to delete, in E.164 (+14155550123; spaces, dashes, dots and parentheses are"
                    + " ignored) or the number's slug as Synthflow shows it. Deletion detaches its"
                    + " agents and cancels its subscription: it cannot be undone.",
            exampleValue = "=employee.phoneNumber",
            constraints = @PropertyConstraints(notEmpty = true))
        Object phoneNumber,
    @TemplateProperty(
            group = "phoneNumber",
            label = "If the number does not exist",
            type = PropertyType.Dropdown,
            defaultValue = "fail",
            description =
                "Fail with error code NOT_FOUND, or succeed with deleted = false so that re-running"
                    + " an offboarding is harmless.",
            choices = {
              @DropdownPropertyChoice(value = "fail", label = "Fail (error NOT_FOUND)"),
              @DropdownPropertyChoice(value = "succeed", label = "Succeed (already deleted)")
            })
        String ifNotFound,
    @TemplateProperty(
            group = "connection",
            label = "Connection timeout (seconds)",
            type = PropertyType.String,
            defaultValue = "" + InputRules.DEFAULT_CONNECT_TIMEOUT_SECONDS,
            description =
                "How long to wait for a connection to Synthflow, 1 to "
                    + InputRules.MAX_CONNECT_TIMEOUT_SECONDS
                    + " seconds.",
            constraints =
                @PropertyConstraints(
                    pattern =
                        @TemplateProperty.Pattern(
                            value = "^(=.*|[0-9]{1,2})?$",
                            message =
                                "Whole seconds, 1 to " + InputRules.MAX_CONNECT_TIMEOUT_SECONDS)))
        Object connectionTimeoutInSeconds,
    @TemplateProperty(
            group = "connection",
            label = "Read timeout (seconds)",
            type = PropertyType.String,
            defaultValue = "" + InputRules.DEFAULT_READ_TIMEOUT_SECONDS,
            description =
                "How long to wait for Synthflow's answer, 1 to "
                    + InputRules.MAX_READ_TIMEOUT_SECONDS
                    + " seconds. The whole call never takes longer than both timeouts together,"
                    + " which may add up to at most "
                    + InputRules.DEFAULT_MAX_CALL_SECONDS
                    + " seconds: the call must end before the job timeout.",
            constraints =
                @PropertyConstraints(
                    pattern =
                        @TemplateProperty.Pattern(
                            value = "^(=.*|[0-9]{1,3})?$",
                            message =
                                "Whole seconds, 1 to " + InputRules.MAX_READ_TIMEOUT_SECONDS)))
        Object readTimeoutInSeconds) {}
