package dev.latchkey.servlet.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's "Servlet filter" code is copied from {@link ExampleApp}, which
 * {@link ExampleAppTest} runs: every code line of the section's Java blocks (comment-only lines
 * aside) must be a line of that file, so the README cannot drift from tested code.
 */
class ReadmeExampleTest {
  @Test
  void servletFilterSectionJavaLinesAreLinesOfTheTestedExample() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("\n## Servlet filter\n");
    assertThat(start).as("README section \"Servlet filter\"").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);

    Set<String> exampleLines = Files.readAllLines(
            Path.of("src/test/java/dev/latchkey/servlet/example/ExampleApp.java")).stream()
        .map(String::strip).collect(Collectors.toSet());
    List<String> codeLines = new ArrayList<>();
    boolean inJava = false;
    for (String line : section.split("\n", -1)) {
      if (line.startsWith("```")) {
        inJava = line.equals("```java");
        continue;
      }
      String code = line.strip();
      if (inJava && !code.isEmpty() && !code.startsWith("//")) {
        codeLines.add(code);
      }
    }

    assertThat(codeLines).hasSizeGreaterThan(20);
    assertThat(codeLines).allSatisfy(line -> assertThat(exampleLines).contains(line));
  }
}
