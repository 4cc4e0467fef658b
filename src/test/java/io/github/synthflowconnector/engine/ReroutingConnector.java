package io.github.synthflowconnector.engine;

import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.base.model.HttpCommonRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Camunda's REST connector (or any connector binding an {@link HttpCommonRequest}) with a "hosts
 * file": the URL the job carries, computed by Zeebe from the task's input mappings, keeps its path
 * but has an {@code https://host} prefix replaced by a local {@code http://127.0.0.1:port} after
 * the runtime bound it (secrets replaced, validated). The region hosts are on the internet, which a
 * test neither can nor may reach.
 */
public final class ReroutingConnector implements OutboundConnectorFunction {

  private final OutboundConnectorFunction delegate;
  private final Map<String, String> reroute;

  public ReroutingConnector(OutboundConnectorFunction delegate, Map<String, String> reroute) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.reroute = Map.copyOf(reroute);
  }

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    OutboundConnectorContext rerouting =
        (OutboundConnectorContext)
            Proxy.newProxyInstance(
                OutboundConnectorContext.class.getClassLoader(),
                new Class<?>[] {OutboundConnectorContext.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(context, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("bindVariables")
                      && result instanceof HttpCommonRequest request) {
                    request.setUrl(reroute(request.getUrl()));
                  }
                  return result;
                });
    return delegate.execute(rerouting);
  }

  /** The job's variables with the URL rerouted, as the REST connector uses them. */
  public Map<String, Object> rerouted(Map<String, Object> jobVariables) {
    Map<String, Object> variables = new LinkedHashMap<>(jobVariables);
    if (variables.get("url") instanceof String url) {
      variables.put("url", reroute(url));
    }
    return variables;
  }

  /** The URL with a rerouted host, or unchanged. */
  public String reroute(String url) {
    if (url != null) {
      for (Map.Entry<String, String> route : reroute.entrySet()) {
        if (url.startsWith(route.getKey() + "/")) {
          return route.getValue() + url.substring(route.getKey().length());
        }
      }
    }
    return url;
  }
}
