package dev.latchkey.benchmarks;

import java.util.Arrays;
import org.apache.commons.math3.distribution.TDistribution;

/** Mean and JMH's error (half-width of the 99.9 % Student-t interval) for the non-JMH runs. */
final class Stats {
  private Stats() {}

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  static double error(double[] v) {
    int n = v.length;
    if (n < 2) {
      return Double.NaN;
    }
    double m = mean(v);
    double ss = 0;
    for (double x : v) {
      ss += (x - m) * (x - m);
    }
    double sd = Math.sqrt(ss / (n - 1));
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
    return t * sd / Math.sqrt(n);
  }
}
