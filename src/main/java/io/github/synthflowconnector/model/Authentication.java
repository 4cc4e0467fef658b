package io.github.synthflowconnector.model;

import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;

/** Credentials for the Synthflow API. Holds the live API key, so {@link #toString} hides it. */
public record Authentication(
    @TemplateProperty(
            group = "authentication",
            label = "API key",
            description =
                "Reference to the connector secret that holds the Synthflow workspace's API key."
                    + " Every key is live (there is no sandbox): deletions are real.",
            defaultValue = "{{secrets.SYNTHFLOW_API_KEY}}",
            constraints = @PropertyConstraints(notEmpty = true))
        String apiKey) {

  @Override
  public String toString() {
    return "Authentication[apiKey=" + (apiKey == null ? "null" : "***") + "]";
  }
}
