/**
 * Latchkey core: the services, their value types and the storage SPI.
 *
 * <p>Exports the API packages and {@code dev.latchkey.spi}; {@code dev.latchkey.cache} (the
 * validation caches' engine) is not exported, nor is {@code dev.latchkey.internal} (crypto
 * and encoding helpers) is not exported, so no host and no store can compile against it.
 */
@SuppressWarnings("requires-automatic") // java-otp and zxing ship no module descriptor
module dev.latchkey.core {
  exports dev.latchkey;
  exports dev.latchkey.apikey;
  exports dev.latchkey.backup;
  exports dev.latchkey.client;
  exports dev.latchkey.common;
  exports dev.latchkey.connected;
  exports dev.latchkey.delivery;
  exports dev.latchkey.events;
  exports dev.latchkey.http;
  exports dev.latchkey.limits;
  exports dev.latchkey.metrics;
  exports dev.latchkey.otp;
  exports dev.latchkey.passkey;
  exports dev.latchkey.recovery;
  exports dev.latchkey.password;
  exports dev.latchkey.session;
  exports dev.latchkey.signin;
  exports dev.latchkey.spi;
  exports dev.latchkey.totp;

  // Automatic-Module-Name in the jar.
  requires com.eatthepath.otp;
  requires com.google.zxing;
  // Explicit module descriptors (multi-release jars).
  requires org.bouncycastle.provider;
  requires org.slf4j;
  // QR codes as PNG: java.awt.image and javax.imageio.
  requires java.desktop;
}
