package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.camunda.connector.api.outbound.OutboundConnectorFunction;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The packaged jars as a runtime sees them. Runs after {@code package} (failsafe), so a broken
 * shade configuration, a lost services file or a missing bundled class fails the build rather than
 * a runtime's startup.
 */
class ShadedJarIT {

  static final Path TARGET = Path.of("target");

  /**
   * The README's "fat jar ≤ 2 MB", read strictly as 2,000,000 bytes (the benchmark's report divides
   * by 2^20; the jar is under one megabyte either way).
   */
  static final long MAX_FAT_JAR_BYTES = 2_000_000;

  static final String SERVICES =
      "META-INF/services/io.camunda.connector.api.outbound.OutboundConnectorFunction";

  /**
   * A jar of this build, by its exact name: the project version comes from failsafe, so a jar of
   * another version left in target/ (after a version change) is never picked up instead.
   */
  static Path jar(String classifier) {
    String version =
        Objects.requireNonNull(
            System.getProperty("project.version"), "project.version (set by failsafe)");
    Path jar = TARGET.resolve("synthflow-connector-" + version + classifier + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no " + jar.getFileName() + " in target/");
    }
    return jar;
  }

  static URL location(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
  }

  static String read(Path jar, String entry) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return new String(
          file.getInputStream(file.getEntry(entry)).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Nested
  class Contents {
    @Test
    void shouldRegisterConnector_whenThinJarBuilt() throws IOException {
      Path thin = jar("");
      assertThat(read(thin, SERVICES).strip())
          .isEqualTo(SynthflowDeletePhoneNumberFunction.class.getName());
      assertThat(entries(thin)).noneMatch(e -> e.startsWith("org/apache/hc/"));
    }

    @Test
    void shouldRelocateHttpClientAndKeepRegistration_whenFatJarBuilt() throws IOException {
      Path fat = jar("-with-dependencies");
      List<String> entries = entries(fat);
      assertThat(read(fat, SERVICES).strip())
          .isEqualTo(SynthflowDeletePhoneNumberFunction.class.getName());
      assertThat(entries)
          .anyMatch(e -> e.startsWith("io/github/synthflowconnector/shaded/org/apache/hc/client5/"))
          .noneMatch(e -> e.startsWith("org/apache/hc/"))
          .noneMatch(e -> e.startsWith("io/camunda/"))
          .noneMatch(e -> e.startsWith("com/fasterxml/"));
      System.out.printf(
          "jar sizes: thin %,d bytes, with-dependencies %,d bytes%n",
          Files.size(jar("")), Files.size(fat));
    }

    /**
     * minimizeJar keeps what the connector's classes reach, as the shade plugin's analysis sees it;
     * a type used only in a lambda's or a background thread's code could be dropped and fail at run
     * time, far from any test. Every relocated type named anywhere in the jar's class files
     * (references, descriptors, signatures, invokedynamic types) must be in the jar.
     */
    @Test
    void shouldBundleEveryRelocatedTypeItNames_whenMinimized() throws IOException {
      Path fat = jar("-with-dependencies");
      Set<String> entries = new HashSet<>(entries(fat));
      Pattern relocated = Pattern.compile("io/github/synthflowconnector/shaded/[A-Za-z0-9_/$]+");
      Set<String> missing = new TreeSet<>();
      int named = 0;
      try (JarFile file = new JarFile(fat.toFile())) {
        for (JarEntry entry : Collections.list(file.entries())) {
          if (!entry.getName().endsWith(".class")) {
            continue;
          }
          // Class names in the constant pool are ASCII, so a byte-wise search finds them all.
          String bytes =
              new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.ISO_8859_1);
          Matcher type = relocated.matcher(bytes);
          while (type.find()) {
            String name = type.group();
            // package-info names its own package; a trailing '/' is a package prefix.
            if (name.endsWith("/") || name.endsWith("/package") || entries.contains(name + "/")) {
              continue;
            }
            named++;
            if (!entries.contains(name + ".class")) {
              missing.add(name + " (named in " + entry.getName() + ")");
            }
          }
        }
      }
      assertThat(named).as("relocated type names found").isGreaterThan(1_000);
      assertThat(missing).as("relocated types named but not bundled").isEmpty();
    }

    /** The README's limit: what a runtime image carries for this one task stays small. */
    @Test
    void shouldStayWithinTwoMegabytes_whenFatJarBuilt() throws IOException {
      assertThat(Files.size(jar("-with-dependencies")))
          .as("size of the -with-dependencies jar in bytes")
          .isLessThanOrEqualTo(MAX_FAT_JAR_BYTES);
    }
  }

  @Nested
  class Loading {
    /**
     * Loads the fat jar next to only what a connector runtime provides (connector-core, Jackson,
     * SLF4J), finds the connector through {@link ServiceLoader} and deletes a number on a local
     * server: proves the relocated HttpClient is complete.
     */
    @Test
    void shouldDeleteThroughServiceLoader_whenOnlyFatJarAndRuntimeApisPresent() throws Exception {
      List<URL> classpath = new ArrayList<>();
      classpath.add(jar("-with-dependencies").toUri().toURL());
      for (Class<?> runtimeProvided :
          List.of(
              OutboundConnectorFunction.class,
              ObjectMapper.class,
              JsonParser.class,
              JsonProperty.class,
              Logger.class)) {
        classpath.add(location(runtimeProvided));
      }

      AtomicReference<String> seen = new AtomicReference<>();
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/v2/numbers/",
          exchange -> {
            seen.set(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      try (URLClassLoader loader =
          new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
        Class<?> functionType =
            loader.loadClass("io.camunda.connector.api.outbound.OutboundConnectorFunction");
        List<Object> found = new ArrayList<>();
        ServiceLoader.load(functionType, loader).forEach(found::add);
        assertThat(found).hasSize(1);
        Object connector = found.get(0);
        assertThat(connector.getClass().getName())
            .isEqualTo(SynthflowDeletePhoneNumberFunction.class.getName());
        assertThat(connector.getClass().getClassLoader()).isSameAs(loader);

        Map<String, Object> variables =
            Map.of(
                "authentication",
                Map.of("apiKey", "sk_fat_jar_check"),
                "region",
                "custom",
                "baseUrl",
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v2",
                "phoneNumber",
                "+44 20 7946 0000");
        Object context = context(loader, variables);
        Method execute =
            functionType.getMethod(
                "execute",
                loader.loadClass("io.camunda.connector.api.outbound.OutboundConnectorContext"));
        Object result = execute.invoke(connector, context);

        assertThat(result.toString())
            .isEqualTo(
                "DeletePhoneNumberResult[status=ok, deleted=true, phoneNumberSlug=442079460000,"
                    + " region=custom]");
        assertThat(seen.get()).isEqualTo("DELETE /v2/numbers/442079460000 Bearer sk_fat_jar_check");
      } finally {
        server.stop(0);
      }
    }

    /** A minimal OutboundConnectorContext of the isolated class loader, bound with its Jackson. */
    private Object context(ClassLoader loader, Map<String, Object> variables) throws Exception {
      Class<?> contextType =
          loader.loadClass("io.camunda.connector.api.outbound.OutboundConnectorContext");
      Class<?> jobContextType = loader.loadClass("io.camunda.connector.api.outbound.JobContext");
      Object mapper =
          loader
              .loadClass("com.fasterxml.jackson.databind.ObjectMapper")
              .getConstructor()
              .newInstance();
      Method convert = mapper.getClass().getMethod("convertValue", Object.class, Class.class);
      Object jobContext =
          Proxy.newProxyInstance(
              loader,
              new Class<?>[] {jobContextType},
              (proxy, method, args) ->
                  method.getName().equals("getCustomHeaders") ? Map.of() : null);
      return Proxy.newProxyInstance(
          loader,
          new Class<?>[] {contextType},
          (proxy, method, args) ->
              switch (method.getName()) {
                case "bindVariables" -> convert.invoke(mapper, variables, args[0]);
                case "getJobContext" -> jobContext;
                default -> throw new UnsupportedOperationException(method.getName());
              });
    }
  }
}
