package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The list rows of the command table against COMMAND INFO of redis-server 7.0.15. */
class ListSpecTest {

  /** name arity flags first last step categories, as COMMAND INFO printed them. */
  private static final String[] COMMAND_INFO = {
      "lpush -3 write,denyoom,fast 1 1 1 @write,@list,@fast",
      "rpush -3 write,denyoom,fast 1 1 1 @write,@list,@fast",
      "lpushx -3 write,denyoom,fast 1 1 1 @write,@list,@fast",
      "rpushx -3 write,denyoom,fast 1 1 1 @write,@list,@fast",
      "lpop -2 write,fast 1 1 1 @write,@list,@fast",
      "rpop -2 write,fast 1 1 1 @write,@list,@fast",
      "llen 2 readonly,fast 1 1 1 @read,@list,@fast",
      "lrange 4 readonly 1 1 1 @read,@list,@slow",
      "lindex 3 readonly 1 1 1 @read,@list,@slow",
      "lset 4 write,denyoom 1 1 1 @write,@list,@slow",
      "linsert 5 write,denyoom 1 1 1 @write,@list,@slow",
      "lrem 4 write 1 1 1 @write,@list,@slow",
      "ltrim 4 write 1 1 1 @write,@list,@slow",
      "lpos -3 readonly 1 1 1 @read,@list,@slow",
      "lmove 5 write,denyoom 1 2 1 @write,@list,@slow",
      "rpoplpush 3 write,denyoom 1 2 1 @write,@list,@slow",
      "lmpop -4 write,movablekeys 0 0 0 @write,@list,@slow",
  };

  @Test
  void rowsMatchRedis() {
    CommandTable table = new CommandTable(ListCommands.specs());
    assertThat(table.all()).hasSize(COMMAND_INFO.length);
    for (String row : COMMAND_INFO) {
      String[] f = row.split(" ");
      CommandSpec s = table.lookup(f[0]);
      assertThat(s).as(f[0]).isNotNull();
      assertThat(s.arity()).as(f[0] + " arity").isEqualTo(Integer.parseInt(f[1]));
      Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
      boolean movable = false;
      for (String flag : f[2].split(",")) {
        if (flag.equals("movablekeys")) {
          movable = true;
        } else {
          flags.add(CommandFlag.valueOf(flag.toUpperCase(Locale.ROOT)));
        }
      }
      assertThat(s.flags()).as(f[0] + " flags").isEqualTo(flags);
      assertThat(s.keyFinder() != null).as(f[0] + " movable keys").isEqualTo(movable);
      assertThat(new int[] {s.firstKey(), s.lastKey(), s.keyStep()}).as(f[0] + " key range")
          .containsExactly(Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
      Set<String> cats = new TreeSet<>();
      for (AclCategory c : s.aclCategories()) {
        cats.add("@" + c.aclName());
      }
      assertThat(cats).as(f[0] + " categories").isEqualTo(new TreeSet<>(Set.of(f[6].split(","))));
    }
    EngineHarness h = ListCommandsTest.harness();
    h.checkInvariants();
  }

  @Test
  void keyPositions() {
    CommandTable table = new CommandTable(ListCommands.specs());
    assertThat(table.lookup("lmove").keyIndexes(argv("lmove", "a", "b", "left", "left"))).containsExactly(1, 2);
    assertThat(table.lookup("rpoplpush").keyIndexes(argv("rpoplpush", "a", "b"))).containsExactly(1, 2);
    assertThat(table.lookup("lpush").keyIndexes(argv("lpush", "a", "x", "y"))).containsExactly(1);
    assertThat(table.lookup("lmpop").keyIndexes(argv("lmpop", "2", "a", "b", "left", "count", "3")))
        .containsExactly(2, 3);
    EngineHarness h = ListCommandsTest.harness();
    h.checkInvariants();
  }

  private static byte[][] argv(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }
}
