package dev.latchkey.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.arch.BuiltModule;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The packaged {@code latchkey-store-jdbc} jar, read as the module system reads it. */
class JdbcModuleIT {
  private static final Set<String> SCHEMA_PACKAGES =
      Set.of("db.latchkey.h2", "db.latchkey.liquibase", "db.latchkey.mariadb",
          "db.latchkey.postgresql");

  private final Path jar = BuiltModule.jar();
  private final ModuleDescriptor module = BuiltModule.descriptor(jar);

  @Test
  void exportsItsOnePackageAndOpensOnlyTheSchemaFiles() {
    assertThat(module.name()).isEqualTo("dev.latchkey.store.jdbc");
    assertThat(module.isOpen()).isFalse();
    assertThat(BuiltModule.unqualifiedExports(module)).containsExactly("dev.latchkey.store.jdbc");
    assertThat(BuiltModule.qualifiedExports(module)).isEmpty();
    assertThat(module.opens()).allSatisfy(o -> assertThat(o.isQualified()).isFalse());
    assertThat(module.opens().stream().map(ModuleDescriptor.Opens::source)
        .collect(Collectors.toSet())).isEqualTo(SCHEMA_PACKAGES);
  }

  @Test
  void readsCoreAndJavaSqlTransitivelyBecauseTheApiNamesThem() {
    Set<String> transitive = module.requires().stream()
        .filter(r -> r.modifiers().contains(Requires.Modifier.TRANSITIVE))
        .map(Requires::name).collect(Collectors.toSet());
    assertThat(transitive).containsExactlyInAnyOrder("dev.latchkey.core", "java.sql");
  }

  @Test
  void appliesItsSchemaAsANamedModule() throws Exception {
    ModuleLayer layer = BuiltModule.layer(jar, "com.h2database");
    ClassLoader loader = layer.findLoader("dev.latchkey.store.jdbc");
    Class<?> h2 = Class.forName("org.h2.jdbcx.JdbcDataSource", true, loader);
    Object dataSource = h2.getConstructor().newInstance();
    h2.getMethod("setURL", String.class)
        .invoke(dataSource, "jdbc:h2:mem:module-it;DB_CLOSE_DELAY=-1");
    Class<?> schema = Class.forName("dev.latchkey.store.jdbc.JdbcSchema", true, loader);
    assertThat(schema.getModule().getName()).isEqualTo("dev.latchkey.store.jdbc");
    // JdbcSchema reads its SQL files from inside the module ...
    schema.getMethod("apply", DataSource.class).invoke(null, dataSource);
    assertThat((int) schema.getMethod("currentVersion", DataSource.class).invoke(null, dataSource))
        .isPositive();
    // ... and a host's migration tool, outside the module, can read them too (opens).
    assertThat(loader.getResource("db/latchkey/postgresql/V1__sessions_and_credentials.sql"))
        .isNotNull();
  }
}
