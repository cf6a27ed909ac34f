package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The sorted-set rows of the command table against COMMAND INFO of redis-server 7.0.15. */
class ZSetCommandSpecTest {

  private final EngineHarness h = ZSetTestSupport.harness();

  /**
   * name, arity, flags, first, last, step, ACL categories, movable keys: as COMMAND INFO lists
   * them. The nondeterministic_output tip of ZRANDMEMBER and ZSCAN is the RANDOM flag here.
   */
  private static final String[] ROWS = {
      "zadd -4 write,denyoom,fast 1 1 1 write,sortedset,fast -",
      "zincrby 4 write,denyoom,fast 1 1 1 write,sortedset,fast -",
      "zrem -3 write,fast 1 1 1 write,sortedset,fast -",
      "zcard 2 readonly,fast 1 1 1 read,sortedset,fast -",
      "zscore 3 readonly,fast 1 1 1 read,sortedset,fast -",
      "zmscore -3 readonly,fast 1 1 1 read,sortedset,fast -",
      "zrank 3 readonly,fast 1 1 1 read,sortedset,fast -",
      "zrevrank 3 readonly,fast 1 1 1 read,sortedset,fast -",
      "zcount 4 readonly,fast 1 1 1 read,sortedset,fast -",
      "zlexcount 4 readonly,fast 1 1 1 read,sortedset,fast -",
      "zrange -4 readonly 1 1 1 read,sortedset,slow -",
      "zrangestore -5 write,denyoom 1 2 1 write,sortedset,slow -",
      "zrangebyscore -4 readonly 1 1 1 read,sortedset,slow -",
      "zrevrangebyscore -4 readonly 1 1 1 read,sortedset,slow -",
      "zrangebylex -4 readonly 1 1 1 read,sortedset,slow -",
      "zrevrangebylex -4 readonly 1 1 1 read,sortedset,slow -",
      "zrevrange -4 readonly 1 1 1 read,sortedset,slow -",
      "zpopmin -2 write,fast 1 1 1 write,sortedset,fast -",
      "zpopmax -2 write,fast 1 1 1 write,sortedset,fast -",
      "zmpop -4 write 0 0 0 write,sortedset,slow movable",
      "zremrangebyrank 4 write 1 1 1 write,sortedset,slow -",
      "zremrangebyscore 4 write 1 1 1 write,sortedset,slow -",
      "zremrangebylex 4 write 1 1 1 write,sortedset,slow -",
      "zunion -3 readonly 0 0 0 read,sortedset,slow movable",
      "zinter -3 readonly 0 0 0 read,sortedset,slow movable",
      "zdiff -3 readonly 0 0 0 read,sortedset,slow movable",
      "zintercard -3 readonly 0 0 0 read,sortedset,slow movable",
      "zunionstore -4 write,denyoom 1 1 1 write,sortedset,slow movable",
      "zinterstore -4 write,denyoom 1 1 1 write,sortedset,slow movable",
      "zdiffstore -4 write,denyoom 1 1 1 write,sortedset,slow movable",
      "zrandmember -2 readonly,random 1 1 1 read,sortedset,slow -",
      "zscan -3 readonly,random 1 1 1 read,sortedset,slow -",
  };

  @Test
  void everyRowMatchesRedis() {
    Set<String> names = new TreeSet<>();
    for (String row : ROWS) {
      String[] f = row.split(" ");
      CommandSpec spec = h.engine.table().lookup(f[0]);
      assertThat(spec).as(f[0]).isNotNull();
      names.add(f[0]);
      assertThat(spec.arity()).as("%s arity", f[0]).isEqualTo(Integer.parseInt(f[1]));
      Set<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
      for (String fl : f[2].split(",")) {
        flags.add(CommandFlag.valueOf(fl.toUpperCase()));
      }
      assertThat(spec.flags()).as("%s flags", f[0]).isEqualTo(flags);
      assertThat(spec.firstKey()).as("%s first key", f[0]).isEqualTo(Integer.parseInt(f[3]));
      assertThat(spec.lastKey()).as("%s last key", f[0]).isEqualTo(Integer.parseInt(f[4]));
      assertThat(spec.keyStep()).as("%s key step", f[0]).isEqualTo(Integer.parseInt(f[5]));
      Set<AclCategory> categories = EnumSet.noneOf(AclCategory.class);
      for (String c : f[6].split(",")) {
        categories.add(AclCategory.valueOf(c.toUpperCase()));
      }
      assertThat(spec.aclCategories()).as("%s categories", f[0]).isEqualTo(categories);
      assertThat(spec.keyFinder() != null).as("%s movable keys", f[0]).isEqualTo(f[7].equals("movable"));
    }
    // Every sorted-set command Restis has is in the list above (the B* blocking forms are not).
    Set<String> table = new TreeSet<>();
    for (CommandSpec s : ZSetCommands.specs()) {
      table.add(s.name());
    }
    assertThat(table).isEqualTo(names);
    h.checkInvariants();
  }

  @Test
  void fixedKeyPositions() {
    CommandSpec store = h.engine.table().lookup("zrangestore");
    assertThat(store.keyIndexes(ZSetPopCommandsTest.argv("ZRANGESTORE", "d", "s", "0", "1"))).containsExactly(1, 2);
    CommandSpec add = h.engine.table().lookup("zadd");
    assertThat(add.keyIndexes(ZSetPopCommandsTest.argv("ZADD", "k", "1", "a"))).containsExactly(1);
    h.checkInvariants();
  }
}
