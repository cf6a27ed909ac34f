package io.restis.persistence.format;

/** Test helpers of this package for tests elsewhere. */
public final class RdbCodecTestBridge {

  private RdbCodecTestBridge() {}

  public static int indexOf(byte[] hay, byte[] needle) {
    return RdbCodecTest.indexOf(hay, needle);
  }
}
