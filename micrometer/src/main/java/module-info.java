/**
 * Latchkey Micrometer: {@link dev.latchkey.micrometer.MicrometerMetrics}, Latchkey's metrics hook
 * on a Micrometer {@code MeterRegistry}.
 *
 * <p>Exports one package. Reads core and Micrometer transitively: its one public type implements
 * {@code dev.latchkey.metrics.LatchkeyMetrics} and is made from an
 * {@code io.micrometer.core.instrument.MeterRegistry}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // micrometer-core: Automatic-Module-Name
module dev.latchkey.micrometer {
  exports dev.latchkey.micrometer;

  requires transitive dev.latchkey.core;
  requires transitive micrometer.core;
}
