package dev.latchkey.archfixture.root.service;

import dev.latchkey.archfixture.root.Root;

/** Depends back on the composition root: the violation. */
public final class Service {
  private final Root root;

  /** Takes the root. */
  public Service(Root root) {
    this.root = root;
  }

  /** Uses it. */
  public String name() {
    return root.toString();
  }
}
