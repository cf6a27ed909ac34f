package io.restis.persistence.format;

/** RESP encoding of a command, the form of every append-only log entry. */
public final class Resp {

  private Resp() {}

  /** {@code *<argc>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument. */
  public static void command(Buf b, byte[][] argv) {
    b.write('*').decimal(argv.length).write('\r').write('\n');
    for (byte[] a : argv) {
      b.write('$').decimal(a.length).write('\r').write('\n');
      b.write(a).write('\r').write('\n');
    }
  }

  public static byte[] command(byte[][] argv) {
    Buf b = new Buf(64);
    command(b, argv);
    return b.toByteArray();
  }
}
