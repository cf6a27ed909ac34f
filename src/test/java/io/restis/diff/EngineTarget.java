package io.restis.diff;

import io.restis.engine.Engine;
import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Restis's engine in-process, without HTTP: for developing the generator and the checks. */
final class EngineTarget implements Target {

  private final Engine engine;

  EngineTarget(Engine engine) {
    this.engine = engine;
  }

  @Override
  public String name() {
    return "engine";
  }

  @Override
  public List<Object> run(List<List<String>> commands) {
    List<Object> out = new ArrayList<>(commands.size());
    for (List<String> argv : commands) {
      byte[][] a = new byte[argv.size()][];
      for (int i = 0; i < a.length; i++) {
        a[i] = argv.get(i).getBytes(StandardCharsets.UTF_8);
      }
      out.add(plain(engine.execute(a)));
    }
    return out;
  }

  static Object plain(Reply r) {
    if (r instanceof Reply.Status s) {
      return s.text();
    }
    if (r instanceof Reply.Error e) {
      return new Err(e.message());
    }
    if (r instanceof Reply.Int i) {
      return i.value();
    }
    if (r instanceof Reply.Bulk b) {
      return b.value() == null ? null : new String(b.value(), StandardCharsets.UTF_8);
    }
    List<Reply> items = ((Reply.Multi) r).items();
    if (items == null) {
      return null;
    }
    List<Object> out = new ArrayList<>(items.size());
    for (Reply x : items) {
      out.add(plain(x));
    }
    return out;
  }
}
