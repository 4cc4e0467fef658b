package io.github.synthflowconnector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the project's Markdown resolves: the file or folder exists, and an anchor
 * names a heading of the page it points to (GitHub's heading ids). External links are not fetched.
 */
class DocsLinksTest {

  static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");
  static final Pattern FENCE = Pattern.compile("(?ms)^```.*?^```");

  /** The Markdown files a reader opens: top level, docs/, element-templates/ and test fixtures. */
  static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path folder : List.of(Path.of("."), Path.of("docs"), Path.of("element-templates"))) {
      try (Stream<Path> list = Files.walk(folder, folder.equals(Path.of(".")) ? 1 : 5)) {
        list.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
      }
    }
    files.add(Path.of("src/test/resources/synthflow-errors/README.md"));
    return files;
  }

  /** GitHub's id for a heading: lower case, punctuation dropped, spaces to dashes. */
  static String anchor(String heading) {
    String text = heading.replaceAll("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher m = HEADING.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
    while (m.find()) {
      anchors.add(anchor(m.group(1)));
    }
    return anchors;
  }

  /** What is wrong with the relative links of one page, one line each. */
  static List<String> brokenLinks(Path page) throws IOException {
    List<String> broken = new ArrayList<>();
    Matcher m = LINK.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
    while (m.find()) {
      String target = m.group(1);
      if (target.matches("[a-z]+:.*")) {
        continue; // https:, mailto:
      }
      int hash = target.indexOf('#');
      String file = hash < 0 ? target : target.substring(0, hash);
      Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file);
      if (!Files.exists(resolved)) {
        broken.add(page + ": " + target + " (no such file)");
      } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
        broken.add(page + ": " + target + " (no such heading)");
      }
    }
    return broken;
  }

  @Test
  void shouldResolveEveryRelativeLink_whenDocsAreRead() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : markdownFiles()) {
      broken.addAll(brokenLinks(page));
    }
    assertThat(broken).isEmpty();
  }

  @Nested
  class TheCheckItself {
    @Test
    void shouldReportMissingFileAndHeading_whenLinksPointNowhere() throws IOException {
      Path dir = Files.createTempDirectory("links");
      Path page = dir.resolve("page.md");
      Files.writeString(
          page,
          "# Title\n\n## Error codes: `X`\n\n[ok](#error-codes-x) [gone](missing.md)"
              + " [bad](#nowhere) [web](https://example.com/x#y)\n\n```\n[in code](nowhere.md)\n```\n");

      assertThat(brokenLinks(page))
          .containsExactly(
              page + ": missing.md (no such file)", page + ": #nowhere (no such heading)");
    }
  }
}
