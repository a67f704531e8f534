package dev.latchkey.password;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the {@link Argon2Engine}: the native one of {@code latchkey-argon2-native} when that
 * module is present and its library loads, else BouncyCastle.
 *
 * <p>The native module is found by class name ({@value #NATIVE_CLASS}) and called through a method
 * handle on its public static {@code argon2} method, so core neither depends on it nor exposes a
 * public SPI type: the contract is this class and that one signature. The system property
 * {@value #PROPERTY} overrides the choice: {@code java} forces BouncyCastle, {@code native}
 * requires the native engine (an error when it is missing), {@code auto} (the default) prefers it.
 * The property is read when a {@link PasswordHasher} is created.
 */
final class Argon2Engines {
  static final String PROPERTY = "latchkey.argon2.engine";
  static final String NATIVE_CLASS = "dev.latchkey.argon2.nativ.NativeArgon2";

  private static final Logger LOG = LoggerFactory.getLogger(Argon2Engines.class);

  private Argon2Engines() {}

  /** The engine the property asks for (read now). */
  static Argon2Engine selected() {
    String wanted = System.getProperty(PROPERTY, "auto");
    switch (wanted) {
      case "java":
        return BouncyCastleArgon2.INSTANCE;
      case "native": {
        Argon2Engine found = NativeHolder.ENGINE;
        if (found == null) {
          throw new IllegalStateException(PROPERTY + "=native, but " + NATIVE_CLASS
              + " (module latchkey-argon2-native) is not present or its library did not load");
        }
        return found;
      }
      case "auto":
        return NativeHolder.ENGINE != null ? NativeHolder.ENGINE : BouncyCastleArgon2.INSTANCE;
      default:
        throw new IllegalStateException("Invalid " + PROPERTY + " '" + wanted
            + "'; must be auto, java or native");
    }
  }

  /** Looked up once, on first use. */
  private static final class NativeHolder {
    static final Argon2Engine ENGINE = findNative();
  }

  private static Argon2Engine findNative() {
    Class<?> type;
    try {
      type = Class.forName(NATIVE_CLASS, true, Argon2Engines.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null; // the module is absent: the normal case
    }
    try {
      // On the module path core does not read the native module; a module may add that itself.
      Argon2Engines.class.getModule().addReads(type.getModule());
      MethodHandle compute = MethodHandles.publicLookup().findStatic(type, "argon2",
          MethodType.methodType(byte[].class, int.class, int.class, int.class, int.class,
              int.class, byte[].class, byte[].class, byte[].class, byte[].class, int.class));
      // Computes one tiny hash, so a library that cannot load fails here, not at sign-in.
      Argon2Engine engine = new NativeEngine(compute);
      engine.compute(2, 0x13, 8, 1, 1, new byte[8], new byte[0], null, null, 4);
      LOG.info("Password hashing uses the native Argon2 of latchkey-argon2-native");
      return engine;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.warn("latchkey-argon2-native is present but unusable ({}); hashing in pure Java",
          e.toString());
      return null;
    }
  }

  /** The native module's static method behind the engine interface. */
  private static final class NativeEngine implements Argon2Engine {
    private final MethodHandle compute;

    NativeEngine(MethodHandle compute) {
      this.compute = compute;
    }

    @Override
    public byte[] compute(int type, int version, int memoryKib, int iterations, int parallelism,
        byte[] salt, byte[] password, byte[] secret, byte[] associatedData, int tagLength) {
      try {
        return (byte[]) compute.invokeExact(type, version, memoryKib, iterations, parallelism,
            salt, password, secret, associatedData, tagLength);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException("native Argon2 failed", e);
      }
    }

    @Override
    public String name() {
      return "libargon2";
    }
  }
}
