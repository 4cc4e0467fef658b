package io.github.synthflowconnector.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.secret.SecretContext;
import io.camunda.connector.api.secret.SecretProvider;
import io.camunda.connector.api.validation.ValidationProvider;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.InMemoryDocumentStore;
import io.camunda.connector.runtime.core.outbound.JobHandlerContext;
import io.camunda.connector.runtime.core.secret.SecretProviderAggregator;
import io.camunda.connector.validation.impl.DefaultValidationProvider;
import java.util.List;
import java.util.Map;

/**
 * What a connector runtime holds once and shares between all jobs: the connectors' object mapper,
 * the validation provider, the secret providers and the document factory. {@link #context} builds
 * the per-job context the same way the 8.8 job handler does, so binding, secret replacement and
 * validation are measured as the runtime performs them.
 */
final class RuntimeParts {

  static final String SECRET_NAME = "SYNTHFLOW_API_KEY";
  static final String API_KEY = "sk-bench-0123456789abcdef0123456789abcdef";

  final ObjectMapper mapper = ConnectorsObjectMapperSupplier.getCopy();
  private final SecretProvider secrets = new SecretProviderAggregator(List.of(new Secrets()));
  private final ValidationProvider validation = new DefaultValidationProvider();
  private final DocumentFactory documents = new DocumentFactoryImpl(InMemoryDocumentStore.INSTANCE);

  OutboundConnectorContext context(ActivatedJob job) {
    return new JobHandlerContext(job, secrets, validation, documents, mapper);
  }

  /**
   * A job of the given type whose variables are {@code variables} serialised as Zeebe sends them.
   */
  ActivatedJob job(String type, Map<String, Object> variables) {
    try {
      return new BenchJob(
          type,
          mapper.writeValueAsString(variables),
          // As the element templates set them: a result variable and a retry backoff.
          Map.of("resultVariable", "result", "retryBackoff", "PT0S"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static final class Secrets implements SecretProvider {
    @Override
    public String getSecret(String name, SecretContext context) {
      return SECRET_NAME.equals(name) ? API_KEY : null;
    }
  }
}
