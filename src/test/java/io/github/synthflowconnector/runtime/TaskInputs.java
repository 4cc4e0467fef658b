package io.github.synthflowconnector.runtime;

import java.util.HashMap;
import java.util.Map;

/** Job variables as the element template's input mappings produce them. */
public final class TaskInputs {

  private TaskInputs() {}

  /**
   * A task pointed at a local server (region {@code custom}), with the key as the template's secret
   * reference. Mutable, so a test can change one input.
   */
  public static Map<String, Object> againstLocalServer(String apiRoot, Object phoneNumber) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("authentication", Map.of("apiKey", "{{secrets.SYNTHFLOW_API_KEY}}"));
    variables.put("region", "custom");
    variables.put("baseUrl", apiRoot);
    variables.put("phoneNumber", phoneNumber);
    variables.put("ifNotFound", "fail");
    return variables;
  }

  /**
   * As {@link #againstLocalServer}, with timeouts generous enough that a loaded CI machine does not
   * turn a slow first answer into a TIMEOUT.
   */
  public static Map<String, Object> patientlyAgainstLocalServer(
      String apiRoot, Object phoneNumber) {
    Map<String, Object> variables = againstLocalServer(apiRoot, phoneNumber);
    variables.put("connectionTimeoutInSeconds", "10");
    variables.put("readTimeoutInSeconds", "20");
    return variables;
  }
}
