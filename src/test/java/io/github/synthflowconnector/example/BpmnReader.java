package io.github.synthflowconnector.example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Reads the bindings of a templated task out of a BPMN file, exactly as the Modeler saved them. A
 * plain DOM reader on purpose: the runner must see the same attributes the engine deploys, not a
 * model library's interpretation of them.
 */
final class BpmnReader {

  static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";

  private BpmnReader() {}

  /** The one service task that uses the given element template. */
  static BpmnTask templatedTask(Path bpmnFile, String templateId) throws IOException {
    Document document = parse(bpmnFile);
    List<Element> matches = new ArrayList<>();
    for (Element task : elements(document.getDocumentElement(), BPMN, "serviceTask")) {
      if (templateId.equals(task.getAttributeNS(ZEEBE, "modelerTemplate"))) {
        matches.add(task);
      }
    }
    if (matches.size() != 1) {
      throw new IllegalArgumentException(
          bpmnFile
              + " has "
              + matches.size()
              + " service tasks with template "
              + templateId
              + ", expected exactly one");
    }
    Element task = matches.get(0);
    Element taskDefinition = first(task, ZEEBE, "taskDefinition");
    Map<String, String> headers = new LinkedHashMap<>();
    for (Element header : elements(task, ZEEBE, "header")) {
      headers.put(header.getAttribute("key"), header.getAttribute("value"));
    }
    return new BpmnTask(
        task.getAttribute("id"),
        task.getAttribute("name"),
        templateId,
        task.getAttributeNS(ZEEBE, "modelerTemplateVersion"),
        taskDefinition == null ? "" : taskDefinition.getAttribute("type"),
        taskDefinition == null ? "" : taskDefinition.getAttribute("retries"),
        ownMappings(task, "input"),
        headers,
        multiInstanceScope(task),
        errorBoundaries(document, task),
        ownMappings(task, "output"));
  }

  /** A FEEL script task: its name and where its result goes. */
  record ScriptTask(String name, String resultVariable) {}

  /** The FEEL script tasks of the file, in document order. */
  static List<ScriptTask> scriptTasks(Path bpmnFile) throws IOException {
    List<ScriptTask> scripts = new ArrayList<>();
    for (Element task : elements(parse(bpmnFile).getDocumentElement(), BPMN, "scriptTask")) {
      Element script = first(task, ZEEBE, "script");
      if (script != null) {
        scripts.add(
            new ScriptTask(task.getAttribute("name"), script.getAttribute("resultVariable")));
      }
    }
    return scripts;
  }

  private static Document parse(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // A BPMN file is data: no DTDs, no external entities.
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return builder.parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Input or output mappings directly on the element, not those of nested elements. */
  private static List<BpmnTask.Mapping> ownMappings(Element element, String kind) {
    List<BpmnTask.Mapping> mappings = new ArrayList<>();
    Element extensions = child(element, BPMN, "extensionElements");
    Element ioMapping = extensions == null ? null : child(extensions, ZEEBE, "ioMapping");
    if (ioMapping != null) {
      for (Element mapping : children(ioMapping, ZEEBE, kind)) {
        mappings.add(
            new BpmnTask.Mapping(mapping.getAttribute("source"), mapping.getAttribute("target")));
      }
    }
    return mappings;
  }

  private static Optional<BpmnTask.MultiInstanceScope> multiInstanceScope(Element task) {
    for (Node n = task.getParentNode(); n instanceof Element parent; n = parent.getParentNode()) {
      if (!BPMN.equals(parent.getNamespaceURI()) || !"subProcess".equals(parent.getLocalName())) {
        continue;
      }
      Element loop = child(parent, BPMN, "multiInstanceLoopCharacteristics");
      Element characteristics = loop == null ? null : first(loop, ZEEBE, "loopCharacteristics");
      if (characteristics != null) {
        return Optional.of(
            new BpmnTask.MultiInstanceScope(
                parent.getAttribute("name"),
                characteristics.getAttribute("inputCollection"),
                characteristics.getAttribute("inputElement"),
                characteristics.getAttribute("outputCollection"),
                characteristics.getAttribute("outputElement")));
      }
    }
    return Optional.empty();
  }

  private static List<BpmnTask.ErrorBoundary> errorBoundaries(Document document, Element task) {
    Map<String, String> errorCodes = new LinkedHashMap<>();
    for (Element error : elements(document.getDocumentElement(), BPMN, "error")) {
      errorCodes.put(error.getAttribute("id"), error.getAttribute("errorCode"));
    }
    Map<String, Element> byId = new LinkedHashMap<>();
    for (Element element : elements(document.getDocumentElement(), BPMN, "*")) {
      if (element.hasAttribute("id")) {
        byId.put(element.getAttribute("id"), element);
      }
    }
    List<BpmnTask.ErrorBoundary> boundaries = new ArrayList<>();
    for (Element boundary : elements(document.getDocumentElement(), BPMN, "boundaryEvent")) {
      Element definition = child(boundary, BPMN, "errorEventDefinition");
      if (definition == null
          || !task.getAttribute("id").equals(boundary.getAttribute("attachedToRef"))) {
        continue;
      }
      String errorRef = definition.getAttribute("errorRef");
      Optional<String> code =
          errorRef.isEmpty() ? Optional.empty() : Optional.ofNullable(errorCodes.get(errorRef));
      boundaries.add(
          new BpmnTask.ErrorBoundary(boundary.getAttribute("name"), code, next(boundary, byId)));
    }
    return boundaries;
  }

  private static String next(Element element, Map<String, Element> byId) {
    Element outgoing = child(element, BPMN, "outgoing");
    Element flow = outgoing == null ? null : byId.get(outgoing.getTextContent().strip());
    Element target = flow == null ? null : byId.get(flow.getAttribute("targetRef"));
    return target == null ? "" : target.getAttribute("name");
  }

  private static Element first(Element parent, String namespace, String localName) {
    List<Element> found = elements(parent, namespace, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> elements(Element parent, String namespace, String localName) {
    NodeList nodes = parent.getElementsByTagNameNS(namespace, localName);
    List<Element> result = new ArrayList<>(nodes.getLength());
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add((Element) nodes.item(i));
    }
    return result;
  }

  private static Element child(Element parent, String namespace, String localName) {
    List<Element> found = children(parent, namespace, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String namespace, String localName) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e
          && namespace.equals(e.getNamespaceURI())
          && localName.equals(e.getLocalName())) {
        result.add(e);
      }
    }
    return result;
  }
}
