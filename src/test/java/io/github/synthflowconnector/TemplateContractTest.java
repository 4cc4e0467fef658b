package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import io.github.synthflowconnector.model.DeletePhoneNumberRequest;
import io.github.synthflowconnector.runtime.JobOutcome;
import io.github.synthflowconnector.runtime.RuntimeHarness;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed element templates and the request model must never drift apart. Each template is
 * read from its JSON as the Modeler reads it; for every dropdown choice the inputs the Modeler
 * would write (defaults, conditions applied) become the job's variables, go through the real
 * runtime's secret replacement and binding, and must arrive in {@link DeletePhoneNumberRequest}
 * unchanged and be accepted by the validator.
 */
class TemplateContractTest {

  static final String KEY = "sf_test_contract_5e1d0a7b";
  static final String SAMPLE_PHONE_NUMBER = "+14155550123";
  static final Path TEMPLATES = Path.of("element-templates");
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The no-install template is for Camunda's REST connector: NoInstallTemplateTest covers it. Its
   * frozen versions sit in versioned/rest/.
   */
  static final Path REST_TEMPLATES = TEMPLATES.resolve("rest");

  static final Path VERSIONED_REST_TEMPLATES = TEMPLATES.resolve("versioned").resolve("rest");

  static Stream<Path> templateFiles() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      List<Path> found =
          files
              .filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.startsWith(REST_TEMPLATES))
              .filter(p -> !p.startsWith(VERSIONED_REST_TEMPLATES))
              .sorted()
              .toList();
      assertThat(found).as("templates under " + TEMPLATES).hasSizeGreaterThanOrEqualTo(2);
      return found.stream();
    }
  }

  /** Every (template, dropdown, choice), plus each template with its defaults only. */
  static Stream<Arguments> choices() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (Path file : templateFiles().toList()) {
      JsonNode template = JSON.readTree(file.toFile());
      cases.add(Arguments.of(file.getFileName().toString(), "(defaults)", "", template));
      for (JsonNode property : template.get("properties")) {
        if ("Dropdown".equals(property.path("type").asText())) {
          for (JsonNode choice : property.get("choices")) {
            cases.add(
                Arguments.of(
                    file.getFileName().toString(),
                    property.get("id").asText(),
                    choice.get("value").asText(),
                    template));
          }
        }
      }
    }
    return cases.stream();
  }

  @Nested
  class Bindings {

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @MethodSource("io.github.synthflowconnector.TemplateContractTest#choices")
    void shouldBindEveryInputIntoTheRequest_whenModelerWritesTheTemplate(
        String file, String propertyId, String choice, JsonNode template) {
      Map<String, String> inputs = modelerInputs(template, propertyId, choice);
      Map<String, Object> jobVariables = nest(inputs);

      DeletePhoneNumberRequest request = bindInRuntime(jobVariables, headers(template));

      assertThat(request.authentication().apiKey()).isEqualTo(KEY);
      assertThat(request.region()).isEqualTo(inputs.get("region"));
      assertThat(request.baseUrl()).isEqualTo(inputs.get("baseUrl"));
      assertThat(request.phoneNumber()).isEqualTo(inputs.get("phoneNumber"));
      assertThat(request.ifNotFound()).isEqualTo(inputs.get("ifNotFound"));
      assertThat(request.connectionTimeoutInSeconds())
          .isEqualTo(inputs.get("connectionTimeoutInSeconds"));
      assertThat(request.readTimeoutInSeconds()).isEqualTo(inputs.get("readTimeoutInSeconds"));

      // The template's example gateway, listed as a runtime's operator would list it.
      BaseUrlPolicy operatorList = BaseUrlPolicy.fromSettings(inputs.get("baseUrl"), null);
      DeletionTarget target = RequestValidator.validate(request, operatorList);
      assertThat(target.region()).isEqualTo(inputs.get("region"));
      assertThat(target.succeedIfNotFound()).isEqualTo("succeed".equals(inputs.get("ifNotFound")));
      assertThat(target.connectTimeout())
          .isEqualTo(Duration.ofSeconds(Long.parseLong(inputs.get("connectionTimeoutInSeconds"))));
      assertThat(target.readTimeout())
          .isEqualTo(Duration.ofSeconds(Long.parseLong(inputs.get("readTimeoutInSeconds"))));
      assertThat(target.uri().toString()).endsWith("/numbers/14155550123");
      if (inputs.containsKey("baseUrl")) {
        assertThat(target.uri().toString()).startsWith(inputs.get("baseUrl"));
      }
    }
  }

  @Nested
  class Coverage {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.synthflowconnector.TemplateContractTest#templateFiles")
    void shouldBindOnlyRequestFields_whenTemplateHasInputs(Path file) throws IOException {
      Set<String> bound = inputNames(JSON.readTree(file.toFile()));

      assertThat(bound).containsExactlyInAnyOrderElementsOf(requestFieldPaths());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.synthflowconnector.TemplateContractTest#templateFiles")
    void shouldFetchEveryBoundVariable_whenRuntimeActivatesJob(Path file) throws IOException {
      Set<String> topLevel = new LinkedHashSet<>();
      inputNames(JSON.readTree(file.toFile())).forEach(n -> topLevel.add(n.split("\\.")[0]));
      String[] fetched =
          SynthflowDeletePhoneNumberFunction.class
              .getAnnotation(OutboundConnector.class)
              .inputVariables();

      // The runtime's job worker asks Zeebe only for these: a missing one arrives as null.
      assertThat(fetched).containsExactlyInAnyOrderElementsOf(topLevel);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.synthflowconnector.TemplateContractTest#templateFiles")
    void shouldUseTheConnectorsJobType_whenTemplateSetsTaskDefinition(Path file)
        throws IOException {
      JsonNode template = JSON.readTree(file.toFile());
      String type = null;
      for (JsonNode property : template.get("properties")) {
        JsonNode binding = property.get("binding");
        if ("zeebe:taskDefinition".equals(binding.path("type").asText())
            && "type".equals(binding.path("property").asText())) {
          type = property.get("value").asText();
        }
      }

      assertThat(type).isEqualTo(SynthflowDeletePhoneNumberFunction.TYPE);
    }
  }

  // -----------------------------------------------------------------------------------------------

  /**
   * The {@code zeebe:input}s the Modeler writes for a fresh task with one dropdown set: every
   * property whose condition holds gets its default; required ones without default get a sample.
   */
  static Map<String, String> modelerInputs(JsonNode template, String propertyId, String choice) {
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      String id = property.path("id").asText();
      String value =
          id.equals(propertyId)
              ? choice
              : property.has("value") ? property.get("value").asText() : sample(property);
      values.put(id, value);
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      if (!"zeebe:input".equals(binding.path("type").asText())
          || !TemplateConditions.holds(property.get("condition"), values)) {
        continue;
      }
      String value = values.get(property.path("id").asText());
      if (value != null) {
        inputs.put(binding.get("name").asText(), value);
      }
    }
    return inputs;
  }

  private static String sample(JsonNode property) {
    return switch (property.path("id").asText()) {
      case "phoneNumber" -> SAMPLE_PHONE_NUMBER;
      case "baseUrl" -> property.path("exampleValue").asText();
      default -> null;
    };
  }

  private static Map<String, String> headers(JsonNode template) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      if ("zeebe:taskHeader".equals(binding.path("type").asText()) && property.has("value")) {
        headers.put(binding.get("key").asText(), property.get("value").asText());
      }
    }
    return headers;
  }

  private static Set<String> inputNames(JsonNode template) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode property : template.get("properties")) {
      JsonNode binding = property.get("binding");
      if ("zeebe:input".equals(binding.path("type").asText())) {
        names.add(binding.get("name").asText());
      }
    }
    return names;
  }

  /** The request model's fields as dotted paths, nested records flattened. */
  private static List<String> requestFieldPaths() {
    List<String> paths = new ArrayList<>();
    collect(DeletePhoneNumberRequest.class, "", paths);
    return paths;
  }

  private static void collect(Class<?> type, String prefix, List<String> paths) {
    for (RecordComponent component : type.getRecordComponents()) {
      if (component.getType().isRecord()) {
        collect(component.getType(), prefix + component.getName() + ".", paths);
      } else {
        paths.add(prefix + component.getName());
      }
    }
  }

  /** Dotted input targets become nested contexts, as Zeebe creates them. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> nest(Map<String, String> inputs) {
    Map<String, Object> variables = new LinkedHashMap<>();
    inputs.forEach((target, value) -> {
      String[] path = target.split("\\.");
      Map<String, Object> current = variables;
      for (int i = 0; i < path.length - 1; i++) {
        current =
            (Map<String, Object>)
                current.computeIfAbsent(path[i], k -> new LinkedHashMap<String, Object>());
      }
      current.put(path[path.length - 1], value);
    });
    return variables;
  }

  /** Binds the job's variables with the real runtime, as the connector's execute() does. */
  private static DeletePhoneNumberRequest bindInRuntime(
      Map<String, Object> jobVariables, Map<String, String> headers) {
    AtomicReference<DeletePhoneNumberRequest> bound = new AtomicReference<>();
    OutboundConnectorFunction binder =
        context -> {
          bound.set(context.bindVariables(DeletePhoneNumberRequest.class));
          return null;
        };
    JobOutcome outcome =
        new RuntimeHarness(binder, Map.of("SYNTHFLOW_API_KEY", KEY)).run(jobVariables, headers, 3);

    assertThat(outcome.kind()).as(outcome.toString()).isEqualTo(JobOutcome.Kind.COMPLETED);
    return bound.get();
  }
}
