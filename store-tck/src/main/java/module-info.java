/**
 * The store contract tests: one abstract JUnit 5 class per storage SPI of {@code dev.latchkey.core}
 * that a store's own test extends in a few lines.
 *
 * <p>The package is open because JUnit and jqwik find and call the contracts' test methods
 * reflectively, also when a store's tests run on the module path.
 */
module dev.latchkey.store.tck {
  exports dev.latchkey.store.tck;
  opens dev.latchkey.store.tck;

  // The contracts name the SPI types (the store under test) in their protected methods.
  requires transitive dev.latchkey.core;
  // @Test is on every inherited test method: a subclass's module needs JUnit as much as this one.
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires net.jqwik.api;
}
