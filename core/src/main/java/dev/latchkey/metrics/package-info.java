/**
 * Metrics: a small hook ({@link dev.latchkey.metrics.LatchkeyMetrics}) through which Latchkey
 * reports how long its hot operations take and how they end, how many attempts its limits refuse
 * and how its API key cache answers. The default reports nothing and costs nothing; the
 * {@code latchkey-micrometer} module implements the hook on Micrometer.
 *
 * <p>Everything reported is a closed enum ({@link dev.latchkey.metrics.Operation},
 * {@link dev.latchkey.metrics.Outcome}, {@link dev.latchkey.metrics.LimitedFactor},
 * {@link dev.latchkey.metrics.LockScope}) or a duration: never an account id, a key, a token, an
 * address or free text, so a metrics backend can neither leak one nor be flooded with series.
 */
package dev.latchkey.metrics;
