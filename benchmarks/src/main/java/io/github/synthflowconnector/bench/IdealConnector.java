package io.github.synthflowconnector.bench;

import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.io.IOException;
import java.net.URI;

/**
 * The fastest connector the runtime allows: it binds the three inputs it needs into a record and
 * makes the floor's call. No validation of its own, no deadline, no body cap, no error mapping, no
 * masking. Run through the same job context as this connector, what separates the two is only what
 * this connector does on top.
 */
public final class IdealConnector implements OutboundConnectorFunction, AutoCloseable {

  /** The job's variables, reduced to what the call needs; the rest of the job is ignored. */
  public record Input(Authentication authentication, String baseUrl, String phoneNumber) {}

  public record Authentication(String apiKey) {}

  public record Result(String status) {}

  private final RawDelete raw = new RawDelete();

  @Override
  public Object execute(OutboundConnectorContext context) throws IOException {
    Input input = context.bindVariables(Input.class);
    return new Result(
        raw.status(
            URI.create(input.baseUrl() + "/numbers/" + input.phoneNumber().substring(1)),
            input.authentication().apiKey()));
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }
}
