package io.github.synthflowconnector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user documentation: the README and the pages in docs/, which it links to. */
final class UserDocs {

  static final Path README = Path.of("README.md");
  static final Path DOCS = Path.of("docs");

  private UserDocs() {}

  /** The README first, then every docs page in name order. */
  static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(README));
    try (Stream<Path> files = Files.list(DOCS)) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pages;
  }

  /** All pages as one text, for a statement that may live on any of them. */
  static String text() {
    StringBuilder text = new StringBuilder();
    for (Path page : pages()) {
      try {
        text.append(Files.readString(page)).append('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return text.toString();
  }
}
