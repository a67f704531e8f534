/**
 * Optional native Argon2 for Latchkey's password hashing: when this module is present, core's
 * {@code PasswordHasher} computes Argon2 with libargon2 (the reference C implementation, bundled
 * by argon2-jvm) instead of BouncyCastle, producing the same PHC strings.
 */
@SuppressWarnings("requires-automatic") // JNA and argon2-jvm's library jar are automatic modules
module dev.latchkey.argon2.nativ {
  // Core finds NativeArgon2 by name and calls its one public static method.
  exports dev.latchkey.argon2.nativ;

  requires de.mkammerer.argon2.nolibs;
  // The jar holding libargon2 for each platform (resources only); resolved so JNA can load it.
  requires de.mkammerer.argon2;
  requires com.sun.jna;
}
