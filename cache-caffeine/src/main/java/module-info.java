/**
 * The storage of Latchkey's validation caches on Caffeine: {@code CaffeineCaches} is a
 * {@code BoundedCacheProvider} for {@code ValidationCacheSettings}.
 */
module dev.latchkey.cache.caffeine {
  exports dev.latchkey.cache.caffeine;

  // CaffeineCaches implements dev.latchkey.spi.BoundedCacheProvider: hosts see the SPI through it.
  requires transitive dev.latchkey.core;
  // Caffeine stays behind the API: no public signature names one of its types.
  requires com.github.benmanes.caffeine;
}
