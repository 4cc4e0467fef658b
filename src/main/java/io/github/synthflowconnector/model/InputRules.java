package io.github.synthflowconnector.model;

/**
 * The facts the Modeler form states and the connector enforces, in one place: the element
 * template's texts are built from these constants (annotation values must be compile-time
 * constants, so they live here, beside the request model), and the validator and the regions read
 * the same ones.
 */
public final class InputRules {

  public static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
  public static final int MAX_CONNECT_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_READ_TIMEOUT_SECONDS = 30;
  public static final int MAX_READ_TIMEOUT_SECONDS = 300;

  /**
   * Upper bound on connect plus read timeout, the call's hard deadline. Zeebe hands a job to
   * another worker once its job timeout has passed since activation; the 8.8 connector runtime
   * activates with the Camunda client's default of 5 minutes (the {@code @OutboundConnector}
   * annotation has no timeout, and the runtime sets one only from {@code
   * CONNECTOR_<NAME>_TIMEOUT}). A call that outlives it races a second DELETE of the same number,
   * whose loser reports NOT_FOUND for a number this task deleted. The margin of 60 s covers the
   * time a job waits in the worker's queue after activation and the completion command after the
   * call. A runtime whose job timeout was raised raises this too (RequestValidator).
   */
  public static final int DEFAULT_MAX_CALL_SECONDS = 240;

  /** The region ids of the form's dropdown, the job variables and the result. */
  public static final String REGION_US = "us";

  public static final String REGION_EU = "eu";
  public static final String REGION_GLOBAL = "global";
  public static final String REGION_CUSTOM = "custom";

  private InputRules() {}
}
