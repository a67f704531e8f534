package dev.latchkey.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code latchkey-core} jar, read as the module system reads it (issue 8, item 1): it
 * exports the API packages and {@code spi} only, hides {@code dev.latchkey.internal}, no exported
 * type names an internal type, it runs as a named module with its resources, and its javadoc jar
 * shows no internal package.
 */
class CoreModuleIT {
  /** The named modules core may require: DESIGN.md's dependency list, and the JDK it uses. */
  private static final Set<String> ALLOWED_REQUIRES = Set.of("java.base", "java.desktop",
      "com.eatthepath.otp", "com.google.zxing", "org.bouncycastle.provider", "org.slf4j");

  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsTheApiPackagesAndSpiAndNothingElse() {
    assertThat(module.name()).isEqualTo("dev.latchkey.core");
    assertThat(module.isOpen()).as("open module").isFalse();
    assertThat(BuiltModule.unqualifiedExports(module))
        .containsExactlyInAnyOrderElementsOf(ArchitectureRules.CORE_EXPORTS);
    assertThat(BuiltModule.qualifiedExports(module)).as("qualified exports").isEmpty();
    assertThat(module.opens()).as("opened packages").isEmpty();
  }

  @Test
  void internalIsInTheJarButNotExported() {
    assertThat(module.packages()).contains("dev.latchkey.internal");
    Set<String> hidden = new TreeSet<>(module.packages());
    hidden.removeAll(BuiltModule.unqualifiedExports(module));
    // Every other package is API: a new package must be exported, or be internal on purpose.
    // dev.latchkey.cache: the validation caches' engine, hidden too; a package of its own because
    // it uses the SPI, which internal must not (package cycle).
    assertThat(hidden).containsExactlyInAnyOrder("dev.latchkey.internal", "dev.latchkey.cache");
  }

  @Test
  void requiresOnlyTheAllowedLibraries() {
    Set<String> requires = module.requires().stream().map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toSet());
    assertThat(requires).isSubsetOf(ALLOWED_REQUIRES);
  }

  @Test
  void noExportedTypeNamesAnInternalTypeInAPublicSignature() throws IOException {
    JavaClasses classes;
    try (JarFile jf = new JarFile(jar.toFile())) {
      classes = new ClassFileImporter().importJar(jf);
    }
    assertThat(classes.containPackage("dev.latchkey.internal")).isTrue();
    ArchitectureRules.noPublicSignatureNamesAHiddenType(ArchitectureRules.ROOT,
        BuiltModule.unqualifiedExports(module)).check(classes);
  }

  @Test
  void runsAsANamedModuleAndLoadsTheCommonPasswordList() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar);
    Class<?> policy = Class.forName("dev.latchkey.password.PasswordPolicy", true,
        layer.findLoader("dev.latchkey.core"));
    assertThat(policy.getModule().getName()).isEqualTo("dev.latchkey.core");
    Object nist = policy.getMethod("nist").invoke(null);
    // "qwertyuiop" is only on the shipped list (resource common-passwords.txt), not in any rule.
    Object validation = policy.getMethod("validate", CharSequence.class).invoke(nist, "qwertyuiop");
    Object codes = validation.getClass().getMethod("codes").invoke(validation);
    assertThat(codes.toString()).contains("COMMON_PASSWORD");
  }

  @Test
  void theJavadocJarShowsNoInternalPackage() throws IOException {
    Path javadoc = BuiltModule.javadocJarOrNull();
    assumeTrue(javadoc != null, "javadoc was not built");
    List<String> entries;
    try (JarFile jf = new JarFile(javadoc.toFile())) {
      entries = Collections.list(jf.entries()).stream().map(JarEntry::getName)
          .collect(Collectors.toList());
    }
    assertThat(entries).anyMatch(e -> e.endsWith("dev/latchkey/common/KeyRing.html"))
        .noneMatch(e -> e.contains("dev/latchkey/internal/"))
        .noneMatch(e -> e.contains("dev/latchkey/cache/"));
    try (JarFile jf = new JarFile(javadoc.toFile())) {
      for (String list : List.of("element-list", "package-list")) {
        JarEntry e = jf.getJarEntry(list);
        if (e != null) {
          String text = new String(jf.getInputStream(e).readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
          assertThat(text).as(list).doesNotContain("dev.latchkey.internal");
        }
      }
    }
  }
}
