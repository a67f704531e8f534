/**
 * Latchkey's hot, short-lived state on Redis or Valkey: sessions, attempt counters, sign-in
 * challenges, known devices and, when a host opts in, API keys. Durable data stays in another
 * store bundle (JDBC); {@code RedisStores.combinedWith} joins the two.
 */
module dev.latchkey.store.redis {
  exports dev.latchkey.store.redis;

  // RedisStores hands out dev.latchkey.spi stores: hosts see the SPI through this module.
  requires transitive dev.latchkey.core;
  // Lettuce (an automatic module) stays behind the API: no public signature names one of its types.
  requires lettuce.core;
  // RedisInvalidationBus logs lost connections.
  requires org.slf4j;
}
