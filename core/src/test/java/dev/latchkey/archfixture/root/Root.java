package dev.latchkey.archfixture.root;

import dev.latchkey.archfixture.root.service.Service;

/** A composition root: may use every package. */
public final class Root {
  /** A constant a sub-package wrongly reaches back for. */
  public static final String NAME = "root";

  /** Builds the service (allowed direction). */
  public Service service() {
    return new Service(this);
  }
}
