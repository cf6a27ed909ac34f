package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The string rows of the command table against COMMAND INFO of redis-server 7.0.15. */
class StringSpecTest {

  /** name, arity, flags, first key, last key, step, ACL categories: as COMMAND INFO printed them. */
  private static final String[] COMMAND_INFO = {
      "get 2 readonly,fast 1 1 1 read,string,fast",
      "set -3 write,denyoom 1 1 1 write,string,slow",
      "setnx 3 write,denyoom,fast 1 1 1 write,string,fast",
      "setex 4 write,denyoom 1 1 1 write,string,slow",
      "psetex 4 write,denyoom 1 1 1 write,string,slow",
      "getset 3 write,denyoom,fast 1 1 1 write,string,fast",
      "getdel 2 write,fast 1 1 1 write,string,fast",
      "getex -2 write,fast 1 1 1 write,string,fast",
      "mget -2 readonly,fast 1 -1 1 read,string,fast",
      "mset -3 write,denyoom 1 -1 2 write,string,slow",
      "msetnx -3 write,denyoom 1 -1 2 write,string,slow",
      "append 3 write,denyoom,fast 1 1 1 write,string,fast",
      "strlen 2 readonly,fast 1 1 1 read,string,fast",
      "getrange 4 readonly 1 1 1 read,string,slow",
      "setrange 4 write,denyoom 1 1 1 write,string,slow",
      "incr 2 write,denyoom,fast 1 1 1 write,string,fast",
      "incrby 3 write,denyoom,fast 1 1 1 write,string,fast",
      "decr 2 write,denyoom,fast 1 1 1 write,string,fast",
      "decrby 3 write,denyoom,fast 1 1 1 write,string,fast",
      "incrbyfloat 3 write,denyoom,fast 1 1 1 write,string,fast",
  };

  @Test
  void everyStringCommandMatchesCommandInfo() {
    CommandTable table = CommandTable.standard();
    for (String row : COMMAND_INFO) {
      String[] f = row.split(" ");
      CommandSpec spec = table.lookup(f[0]);
      assertThat(spec).as(f[0]).isNotNull();
      assertThat(spec.arity()).as("%s arity", f[0]).isEqualTo(Integer.parseInt(f[1]));
      assertThat(names(spec.flags())).as("%s flags", f[0]).isEqualTo(set(f[2]));
      assertThat(spec.firstKey()).as("%s first key", f[0]).isEqualTo(Integer.parseInt(f[3]));
      assertThat(spec.lastKey()).as("%s last key", f[0]).isEqualTo(Integer.parseInt(f[4]));
      assertThat(spec.keyStep()).as("%s key step", f[0]).isEqualTo(Integer.parseInt(f[5]));
      Set<String> acl = spec.aclCategories().stream().map(AclCategory::aclName).collect(Collectors.toSet());
      assertThat(new TreeSet<>(acl)).as("%s ACL categories", f[0]).isEqualTo(set(f[6]));
    }
    assertThat(StringCommands.specs()).hasSize(COMMAND_INFO.length);
  }

  @Test
  void keyPositions() {
    CommandTable table = CommandTable.standard();
    assertThat(table.lookup("mset").keyIndexes(argv("MSET", "a", "1", "b", "2"))).containsExactly(1, 3);
    assertThat(table.lookup("mget").keyIndexes(argv("MGET", "a", "b", "c"))).containsExactly(1, 2, 3);
    assertThat(table.lookup("set").keyIndexes(argv("SET", "k", "v", "EX", "1"))).containsExactly(1);
    assertThat(table.lookup("GETEX").keyIndexes(argv("GETEX", "k", "PERSIST"))).containsExactly(1);
  }

  @Test
  void lookupIsCaseInsensitive() {
    EngineHarness h = new EngineHarness();
    assertThat(h.str("sEt", "k", "v")).isEqualTo("OK");
    assertThat(h.str("GeT", "k")).isEqualTo("v");
    h.checkInvariants();
  }

  private static Set<String> names(Set<CommandFlag> flags) {
    return flags.stream().map(x -> x.name().toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> set(String commaSeparated) {
    return new TreeSet<>(Arrays.asList(commaSeparated.split(",")));
  }

  private static byte[][] argv(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }
}
