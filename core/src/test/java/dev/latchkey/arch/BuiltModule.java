package dev.latchkey.arch;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The jar a module's build just packaged, as the module system sees it: its descriptor, and a module
 * layer in which it runs with its dependencies as named or automatic modules. For the {@code *IT}
 * tests that run after {@code package} (maven-failsafe-plugin passes the paths as system properties),
 * while every other test runs on the class path.
 */
public final class BuiltModule {
  private BuiltModule() {}

  /** The packaged jar ({@code latchkey.jar}, set by the failsafe configuration in the root pom). */
  public static Path jar() {
    return existing(System.getProperty("latchkey.jar"), "latchkey.jar");
  }

  /** The packaged javadoc jar, or {@code null} when javadoc was skipped. */
  public static Path javadocJarOrNull() {
    String p = System.getProperty("latchkey.javadocJar");
    return p != null && Files.isRegularFile(Path.of(p)) ? Path.of(p) : null;
  }

  /** The descriptor of the module in {@code jar}; fails for a jar that is not an explicit module. */
  public static ModuleDescriptor descriptor(Path jar) {
    Set<ModuleReference> found = ModuleFinder.of(jar).findAll();
    if (found.size() != 1) {
      throw new AssertionError(jar + " holds " + found.size() + " modules");
    }
    ModuleDescriptor d = found.iterator().next().descriptor();
    if (d.isAutomatic()) {
      throw new AssertionError(jar + " has no module-info.class: it would be an automatic module"
          + " exporting every package");
    }
    return d;
  }

  /** The packages the module exports to everyone. */
  public static Set<String> unqualifiedExports(ModuleDescriptor d) {
    return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /** The packages the module exports to some modules only. */
  public static Set<String> qualifiedExports(ModuleDescriptor d) {
    return d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
        .map(e -> e.source() + " to " + e.targets())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * A layer holding the module in {@code jar}, everything it requires (found on this test's class
   * path, where Maven put the dependency jars) and the {@code extraRoots}. Resolution fails when a
   * {@code requires} names a module that no jar provides, which is what a host on the module path
   * would see.
   */
  public static ModuleLayer layer(Path jar, String... extraRoots) {
    ModuleDescriptor own = descriptor(jar);
    Map<String, Path> available = modulesOnClassPath();
    Map<String, Path> chosen = new LinkedHashMap<>();
    chosen.put(own.name(), jar);
    Deque<String> todo = new ArrayDeque<>();
    own.requires().stream()
        .filter(r -> !r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC))
        .forEach(r -> todo.add(r.name()));
    todo.addAll(List.of(extraRoots));
    while (!todo.isEmpty()) {
      String name = todo.remove();
      if (chosen.containsKey(name) || ModuleLayer.boot().findModule(name).isPresent()) {
        continue;
      }
      Path path = available.get(name);
      if (path == null) {
        throw new AssertionError("Module " + name + " is required but no jar on the class path is"
            + " that module; modules found: " + available.keySet());
      }
      chosen.put(name, path);
      for (ModuleDescriptor.Requires r : ModuleFinder.of(path).find(name).orElseThrow()
          .descriptor().requires()) {
        if (!r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC)) {
          todo.add(r.name());
        }
      }
    }
    Set<String> roots = new LinkedHashSet<>();
    roots.add(own.name());
    roots.addAll(List.of(extraRoots));
    ModuleFinder finder = ModuleFinder.of(chosen.values().toArray(Path[]::new));
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), roots);
    return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
  }

  /** Module name to jar (or exploded module directory) for every class-path entry that is one. */
  private static Map<String, Path> modulesOnClassPath() {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Map<String, Path> out = new LinkedHashMap<>();
    for (String entry : cp.split(File.pathSeparator)) {
      Path p = Path.of(entry);
      boolean candidate = (Files.isRegularFile(p) && entry.endsWith(".jar"))
          || Files.isRegularFile(p.resolve("module-info.class"));
      if (!candidate) {
        continue;
      }
      try {
        for (ModuleReference r : ModuleFinder.of(p).findAll()) {
          out.putIfAbsent(r.descriptor().name(), p);
        }
      } catch (FindException e) {
        // Not usable as a module (no valid name can be derived): irrelevant here.
      }
    }
    return out;
  }

  private static Path existing(String value, String property) {
    if (value == null) {
      throw new AssertionError("System property " + property + " is not set; run with"
          + " maven-failsafe-plugin as configured in the root pom");
    }
    Path p = Path.of(value);
    if (!Files.isRegularFile(p)) {
      throw new AssertionError(property + " = " + p + " does not exist; run after package");
    }
    return p;
  }
}
