package dev.latchkey.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged starter jar carries what Spring Boot and IDEs read from it. */
class StarterJarIT {
  private final Path jar = Path.of(System.getProperty("latchkey.jar"));

  @Test
  void jarCarriesAutoConfigurationImportsMetadataAndModuleName() throws IOException {
    assertThat(jar).exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      assertThat(read(file, "META-INF/spring/"
          + "org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
          .contains("dev.latchkey.spring.boot.LatchkeyAutoConfiguration",
              "dev.latchkey.spring.boot.LatchkeyWebAutoConfiguration",
              "dev.latchkey.spring.boot.LatchkeySecurityAutoConfiguration",
              "dev.latchkey.spring.boot.LatchkeyHealthAutoConfiguration");
      assertThat(read(file, "META-INF/spring-configuration-metadata.json"))
          .contains("\"latchkey.keys\"", "\"latchkey.schema.apply\"");
      assertThat(file.getEntry("META-INF/spring-autoconfigure-metadata.properties")).isNotNull();
      assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.latchkey.spring.boot");
    }
  }

  private static String read(JarFile file, String name) throws IOException {
    var entry = file.getEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (var in = file.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
