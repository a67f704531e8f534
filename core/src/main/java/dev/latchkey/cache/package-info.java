/**
 * The engine of the validation caches: {@code GuardedCache} (the epoch and bus-state rules that
 * keep a cache from serving a revoked session or key) and {@code MapCache} (core's default
 * storage). Not exported by module-info, like {@code dev.latchkey.internal}; it is a package of its
 * own because it depends on the SPI, which {@code internal} must not (the SPI's rows name client
 * types, whose package uses {@code internal}).
 */
package dev.latchkey.cache;
