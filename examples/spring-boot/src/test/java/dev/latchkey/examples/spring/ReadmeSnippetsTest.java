package dev.latchkey.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Spring Boot in five minutes" is copied from this example: every line of its
 * Java and properties blocks (but a comment line, which may say where the code lives) must be a
 * line of the example's sources, so the README cannot drift from the code the tests run.
 */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("../../README.md");
  private static final Path SOURCES = Path.of("src/main");

  @Test
  void everySnippetLineIsInTheExample() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("## Spring Boot in five minutes");
    assertThat(start).as("README section").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);

    List<String> sourceLines;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sourceLines = files.filter(f -> f.toString().endsWith(".java")
              || f.toString().endsWith(".properties"))
          .flatMap(f -> {
            try {
              return Files.readAllLines(f).stream();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .map(String::strip).collect(Collectors.toList());
    }
    Matcher blocks = Pattern.compile("```(java|properties)\\n(.*?)```", Pattern.DOTALL)
        .matcher(section);
    List<String> missing = new ArrayList<>();
    int checked = 0;
    while (blocks.find()) {
      for (String line : blocks.group(2).split("\n")) {
        String l = line.strip();
        if (l.isEmpty() || l.equals("}") || l.startsWith("//")) {
          continue;
        }
        checked++;
        if (!sourceLines.contains(l)) {
          missing.add(l);
        }
      }
    }
    assertThat(checked).isGreaterThan(30);
    assertThat(missing).as("README lines not in the example's sources").isEmpty();
  }
}
