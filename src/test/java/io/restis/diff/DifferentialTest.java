package io.restis.diff;

public final class DifferentialTest {
  static final double DAMAGE_RATE = 0.05;
}
