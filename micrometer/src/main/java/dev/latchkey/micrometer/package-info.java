/**
 * Latchkey's metrics on Micrometer: pass {@link dev.latchkey.micrometer.MicrometerMetrics#of} of
 * the application's {@code MeterRegistry} to {@code Latchkey.builder().metrics(...)}.
 */
package dev.latchkey.micrometer;
