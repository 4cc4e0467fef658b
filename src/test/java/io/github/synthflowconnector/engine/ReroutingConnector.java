package io.github.synthflowconnector.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.camunda.connector.http.base.model.HttpCommonRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Camunda's REST connector (or any connector binding an {@link HttpCommonRequest}) with a "hosts
 * file": the URL the job carries, computed by Zeebe from the task's input mappings, keeps its path
 * but has an {@code https://host} prefix replaced by a local {@code http://127.0.0.1:port} after
 * the runtime bound it (secrets replaced, validated). The region hosts are on the internet, which a
 * test neither can nor may reach. Records every job's variables as the connector got them.
 */
public final class ReroutingConnector implements OutboundConnectorFunction {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboundConnectorFunction delegate;
  private final Map<String, String> reroute;
  private final List<Map<String, Object>> jobs = new CopyOnWriteArrayList<>();

  public ReroutingConnector(OutboundConnectorFunction delegate, Map<String, String> reroute) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.reroute = Map.copyOf(reroute);
  }

  /** The variables of each job this connector ran, with the URL as rerouted. */
  public List<Map<String, Object>> jobs() {
    return List.copyOf(jobs);
  }

  @Override
  public Object execute(OutboundConnectorContext context) throws Exception {
    jobs.add(rerouted(context.getJobContext().getVariables()));
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

  @SuppressWarnings("unchecked")
  private Map<String, Object> rerouted(String variablesJson) throws JsonProcessingException {
    Map<String, Object> variables = new LinkedHashMap<>(JSON.readValue(variablesJson, Map.class));
    if (variables.get("url") instanceof String url) {
      variables.put("url", reroute(url));
    }
    return variables;
  }
}
