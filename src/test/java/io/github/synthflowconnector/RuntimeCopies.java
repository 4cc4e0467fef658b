package io.github.synthflowconnector;

import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.time.Clock;

/**
 * The connector as one more connector runtime would hold it: its own pooled client and its own
 * paces, as a separate runtime process has. For harnesses outside this package.
 */
public final class RuntimeCopies {

  private RuntimeCopies() {}

  public static OutboundConnectorFunction newRuntimeCopy() {
    return new SynthflowDeletePhoneNumberFunction(
        new SynthflowHttpClient(), Clock.systemUTC(), new PaceRegistry());
  }
}
