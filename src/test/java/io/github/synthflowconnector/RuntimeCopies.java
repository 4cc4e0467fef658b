package io.github.synthflowconnector;

import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.time.Clock;

/**
 * The connector as one more connector runtime would hold it: its own pooled client and its own
 * paces, as a separate runtime process has. For harnesses outside this package.
 */
public final class RuntimeCopies {

  private RuntimeCopies() {}

  /**
   * The connector with the runtime's shared client but paces of its own: as a runtime that has not
   * seen a 429 yet, or one whose last {@code Retry-After} has passed.
   */
  public static OutboundConnectorFunction withFreshPaces() {
    return new SynthflowDeletePhoneNumberFunction(
        SynthflowHttpClient.shared(), Clock.systemUTC(), new PaceRegistry());
  }

  public static OutboundConnectorFunction newRuntimeCopy() {
    return new SynthflowDeletePhoneNumberFunction(
        new SynthflowHttpClient(), Clock.systemUTC(), new PaceRegistry());
  }
}
