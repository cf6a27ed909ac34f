package io.restis.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The set commands against the engine. Every expected reply and error text was first asked of a
 * real redis-server 7.0.15; WRONGTYPE cases use a hash key as the value of the wrong type.
 */
class SetCommandsTest {

  static final String WRONGTYPE = Errors.WRONGTYPE;

  final EngineHarness h = withTestCommands();

  @AfterEach
  void invariants() {
    h.checkInvariants();
  }

  /**
   * The standard table plus two test-only commands to put and read a TTL, which this branch's
   * table does not have yet: enough to see that the store commands drop the destination's TTL.
   */
  static EngineHarness withTestCommands() {
    List<CommandSpec> specs = new ArrayList<>(CommandTable.standard().all());
    specs.add(CommandSpec.of("xtest-pexpireat", 3, EnumSet.of(CommandFlag.WRITE), 1, 1, 1,
        EnumSet.of(AclCategory.KEYSPACE), ctx -> {
          if (ctx.keyspace().lookupWrite(ctx.key(1)) == null) {
            return Reply.ZERO;
          }
          ctx.keyspace().setExpire(ctx.key(1), ctx.longArg(2));
          ctx.dirty();
          return Reply.ONE;
        }));
    specs.add(CommandSpec.of("xtest-expireat", 2, EnumSet.of(CommandFlag.READONLY), 1, 1, 1,
        EnumSet.of(AclCategory.KEYSPACE), ctx -> {
          Entry e = ctx.keyspace().lookupRead(ctx.key(1));
          return Reply.integer(e == null ? -2 : e.expireAt());
        }));
    return new EngineHarness(new CommandTable(specs));
  }

  boolean exists(String key) {
    return h.engine.read(ks -> ks.exists(Bytes.of(key)));
  }

  Set<Object> members(String key) {
    return new HashSet<>(h.list("SMEMBERS", key));
  }

  // ---- SADD / SREM / SMEMBERS / SISMEMBER / SMISMEMBER / SCARD

  @Test
  void saddCountsOnlyNewMembersAndCollapsesDuplicates() {
    assertThat(h.num("SADD", "s", "a", "a", "b")).isEqualTo(2);
    assertThat(h.num("SADD", "s", "a", "c")).isEqualTo(1);
    assertThat(h.num("SADD", "s", "a", "b", "c")).isZero();
    assertThat(members("s")).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(h.num("SCARD", "s")).isEqualTo(3);
    assertThat(h.drainPropagated()).containsExactly("SADD s a a b", "SADD s a c");
  }

  @Test
  void saddAndFriendsAgainstWrongType() {
    h.num("HSET", "h", "f", "v");
    h.drainPropagated();
    assertThat(h.err("SADD", "h", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SREM", "h", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SMEMBERS", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SISMEMBER", "h", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SMISMEMBER", "h", "a")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SCARD", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void smallIntegerSetRepliesInNumericOrderAsAnIntset() {
    h.num("SADD", "n", "5", "-3", "9223372036854775807", "-9223372036854775808", "0");
    assertThat(h.list("SMEMBERS", "n"))
        .containsExactly("-9223372036854775808", "-3", "0", "5", "9223372036854775807");
    // "01" is not a canonical integer: the set becomes a hash table and the order is the table's.
    h.num("SADD", "n", "01");
    assertThat(members("n")).hasSize(6).contains("01", "5");
  }

  @Test
  void sremCountsRemovedAndDeletesTheEmptiedKey() {
    assertThat(h.num("SREM", "missing", "a")).isZero();
    h.num("SADD", "s", "a", "b", "c");
    h.drainPropagated();
    assertThat(h.num("SREM", "s", "zz")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.num("SREM", "s", "a", "a", "zz")).isEqualTo(1);
    assertThat(h.drainPropagated()).containsExactly("SREM s a a zz");
    assertThat(h.num("SREM", "s", "b", "c", "d")).isEqualTo(2);
    assertThat(exists("s")).isFalse();
    assertThat(h.num("SCARD", "s")).isZero();
    assertThat(h.drainPropagated()).containsExactly("SREM s b c d");
  }

  @Test
  void membershipQueries() {
    assertThat(h.list("SMEMBERS", "missing")).isEmpty();
    assertThat(h.num("SISMEMBER", "missing", "a")).isZero();
    assertThat(h.list("SMISMEMBER", "missing", "a", "b")).containsExactly(0L, 0L);
    assertThat(h.num("SCARD", "missing")).isZero();
    h.num("SADD", "s", "a", "b");
    assertThat(h.num("SISMEMBER", "s", "a")).isOne();
    assertThat(h.num("SISMEMBER", "s", "z")).isZero();
    assertThat(h.list("SMISMEMBER", "s", "a", "z", "b", "a")).containsExactly(1L, 0L, 1L, 1L);
    assertThat(h.err("SMISMEMBER", "s")).isEqualTo("ERR wrong number of arguments for 'smismember' command");
    assertThat(h.err("SADD", "s")).isEqualTo("ERR wrong number of arguments for 'sadd' command");
  }

  @Test
  void binaryMembersAreKeptByteForByte() {
    h.num("SADD", "s", "", "\u00e9t\u00e9", "a\u0000b");
    assertThat(members("s")).containsExactlyInAnyOrder("", "\u00e9t\u00e9", "a\u0000b");
    assertThat(h.num("SISMEMBER", "s", "")).isOne();
    assertThat(h.num("SISMEMBER", "s", "a\u0000b")).isOne();
    assertThat(h.num("SISMEMBER", "s", "a")).isZero();
  }

  long version(String key) {
    return h.engine.read(ks -> ks.lookupWrite(Bytes.of(key)).version());
  }

  @Test
  void inPlaceChangesBumpTheKeyVersionAndNoOpsDoNot() {
    h.num("SADD", "s", "a", "b", "c");
    h.num("SADD", "d", "z");
    long v = version("s");
    h.num("SADD", "s", "a");
    h.num("SREM", "s", "zz");
    h.num("SMOVE", "s", "s", "a");
    h.num("SMOVE", "s", "d", "zz");
    h.list("SPOP", "s", "0");
    assertThat(version("s")).isEqualTo(v);
    h.num("SADD", "s", "x");
    assertThat(version("s")).isGreaterThan(v);
    v = version("s");
    h.num("SREM", "s", "x");
    assertThat(version("s")).isGreaterThan(v);
    v = version("s");
    long dv = version("d");
    h.num("SMOVE", "s", "d", "a");
    assertThat(version("s")).isGreaterThan(v);
    assertThat(version("d")).isGreaterThan(dv);
    v = version("s");
    h.str("SPOP", "s");
    assertThat(version("s")).isGreaterThan(v);
  }

  // ---- SPOP

  @Test
  void spopArgumentErrorsComeBeforeTheLookup() {
    h.num("SADD", "s", "a", "b", "c");
    h.num("HSET", "h", "f", "v");
    h.drainPropagated();
    assertThat(h.err("SPOP", "s", "-1")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("SPOP", "s", "abc")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("SPOP", "missing", "-1")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("SPOP", "h", "abc")).isEqualTo("ERR value is out of range, must be positive");
    assertThat(h.err("SPOP", "s", "1", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("SPOP", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SPOP", "h", "0")).isEqualTo(WRONGTYPE);
    assertThat(h.num("SCARD", "s")).isEqualTo(3);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void spopOnMissingKeyOrZeroCountChangesNothing() {
    assertThat(h.call("SPOP", "missing")).isNull();
    assertThat(h.list("SPOP", "missing", "3")).isEmpty();
    h.num("SADD", "s", "a", "b");
    h.drainPropagated();
    assertThat(h.list("SPOP", "s", "0")).isEmpty();
    assertThat(h.num("SCARD", "s")).isEqualTo(2);
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void spopOnePropagatesSremOfThePoppedMember() {
    h.num("SADD", "s", "a", "b", "c");
    h.drainPropagated();
    String popped = h.str("SPOP", "s");
    assertThat(popped).isIn("a", "b", "c");
    assertThat(h.drainPropagated()).containsExactly("SREM s " + popped);
    assertThat(h.num("SISMEMBER", "s", popped)).isZero();
    assertThat(h.num("SCARD", "s")).isEqualTo(2);
  }

  @Test
  void spopOfTheLastMemberDeletesTheKeyAndPropagatesDel() {
    h.num("SADD", "s", "only");
    h.drainPropagated();
    assertThat(h.str("SPOP", "s")).isEqualTo("only");
    assertThat(exists("s")).isFalse();
    assertThat(h.drainPropagated()).containsExactly("DEL s");
  }

  @Test
  void spopWithSmallCountTakesDistinctMembersAndPropagatesThem() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add("m" + i);
    }
    addAll("s", all);
    checkPop("s", all, 10);
  }

  @Test
  void spopWithCountNearTheSizeRebuildsFromTheKeptMembers() {
    List<String> all = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
    addAll("s", all);
    checkPop("s", all, 7);
  }

  @Test
  void spopWithCountOnAnIntsetKeepsTheRestIntact() {
    List<String> all = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      all.add(Integer.toString(i));
    }
    addAll("s", all);
    checkPop("s", all, 17);
  }

  private void addAll(String key, List<String> members) {
    List<String> cmd = new ArrayList<>(List.of("SADD", key));
    cmd.addAll(members);
    h.num(cmd.toArray(new String[0]));
    h.drainPropagated();
  }

  private void checkPop(String key, List<String> all, int count) {
    List<Object> popped = h.list("SPOP", key, Integer.toString(count));
    assertThat(popped).hasSize(count).doesNotHaveDuplicates();
    assertThat(all).containsAll(popped.stream().map(String.class::cast).toList());
    Set<Object> rest = members(key);
    assertThat(rest).hasSize(all.size() - count).doesNotContainAnyElementsOf(popped);
    List<String> prop = h.drainPropagated();
    assertThat(prop).hasSize(1);
    List<String> expected = new ArrayList<>(List.of("SREM", key));
    popped.forEach(p -> expected.add((String) p));
    assertThat(prop.get(0)).isEqualTo(String.join(" ", expected));
  }

  @Test
  void spopWithCountAtOrAboveTheSizeTakesEverythingAndPropagatesDel() {
    h.num("SADD", "s", "a", "b", "c");
    h.drainPropagated();
    assertThat(h.list("SPOP", "s", "10")).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(exists("s")).isFalse();
    assertThat(h.drainPropagated()).containsExactly("DEL s");
    h.num("SADD", "t", "3", "1", "2");
    h.drainPropagated();
    assertThat(h.list("SPOP", "t", "3")).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(h.drainPropagated()).containsExactly("DEL t");
  }

  // ---- SRANDMEMBER

  @Test
  void srandmemberErrorsAndEmptyCases() {
    h.num("SADD", "s", "a", "b", "c");
    h.num("HSET", "h", "f", "v");
    assertThat(h.call("SRANDMEMBER", "missing")).isNull();
    assertThat(h.list("SRANDMEMBER", "missing", "5")).isEmpty();
    assertThat(h.list("SRANDMEMBER", "missing", "-5")).isEmpty();
    assertThat(h.list("SRANDMEMBER", "s", "0")).isEmpty();
    assertThat(h.err("SRANDMEMBER", "missing", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("SRANDMEMBER", "s", "9223372036854775808")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("SRANDMEMBER", "s", "-9223372036854775808")).isEqualTo(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    assertThat(h.err("SRANDMEMBER", "s", "1", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("SRANDMEMBER", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SRANDMEMBER", "h", "0")).isEqualTo(WRONGTYPE);
  }

  @Test
  void srandmemberReadsWithoutChangingOrPropagating() {
    h.num("SADD", "s", "a", "b", "c");
    h.drainPropagated();
    for (int i = 0; i < 20; i++) {
      assertThat(h.str("SRANDMEMBER", "s")).isIn("a", "b", "c");
    }
    h.list("SRANDMEMBER", "s", "2");
    h.list("SRANDMEMBER", "s", "-7");
    assertThat(members("s")).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void srandmemberPositiveCountGivesDistinctMembers() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add("m" + i);
    }
    addAll("s", all);
    // Both strategies: a small share of the set, and most of it.
    for (int count : new int[] {1, 5, 10, 11, 25, 29}) {
      List<Object> got = h.list("SRANDMEMBER", "s", Integer.toString(count));
      assertThat(got).as("count %d", count).hasSize(count).doesNotHaveDuplicates();
      assertThat(all).containsAll(got.stream().map(String.class::cast).toList());
    }
    assertThat(h.list("SRANDMEMBER", "s", "30")).hasSize(30).containsExactlyInAnyOrderElementsOf(all);
    assertThat(h.list("SRANDMEMBER", "s", "1000")).hasSize(30).containsExactlyInAnyOrderElementsOf(all);
  }

  @Test
  void srandmemberWholeIntsetComesInNumericOrder() {
    h.num("SADD", "s", "3", "1", "2");
    assertThat(h.list("SRANDMEMBER", "s", "5")).containsExactly("1", "2", "3");
  }

  @Test
  void srandmemberNegativeCountRepeats() {
    h.num("SADD", "s", "a", "b", "c");
    List<Object> got = h.list("SRANDMEMBER", "s", "-100");
    assertThat(got).hasSize(100);
    assertThat(new HashSet<>(got)).isSubsetOf("a", "b", "c");
    // With 100 draws from 3 members repetition is certain.
    assertThat(new HashSet<>(got).size()).isLessThan(100);
    assertThat(h.list("SRANDMEMBER", "s", "-1")).hasSize(1);
  }

  @Test
  void srandmemberRefusesANegativeCountTooLargeToBuild() {
    h.num("SADD", "s", "a");
    assertThat(h.err("SRANDMEMBER", "s", "-9223372036854775807")).isEqualTo("ERR value is out of range");
    // No reply to build for a missing key: answered as Redis does.
    assertThat(h.list("SRANDMEMBER", "missing", "-9223372036854775807")).isEmpty();
  }

  // ---- SMOVE

  @Test
  void smoveMovesAndPropagatesVerbatim() {
    h.num("SADD", "a", "1", "2");
    h.drainPropagated();
    assertThat(h.num("SMOVE", "a", "b", "1")).isOne();
    assertThat(members("a")).containsExactly("2");
    assertThat(members("b")).containsExactly("1");
    assertThat(h.drainPropagated()).containsExactly("SMOVE a b 1");
  }

  @Test
  void smoveOfTheLastMemberDeletesTheSource() {
    h.num("SADD", "a", "x");
    h.num("SADD", "b", "x", "y");
    h.drainPropagated();
    // The destination already has it: still 1, the source still loses it.
    assertThat(h.num("SMOVE", "a", "b", "x")).isOne();
    assertThat(exists("a")).isFalse();
    assertThat(members("b")).containsExactlyInAnyOrder("x", "y");
    assertThat(h.drainPropagated()).containsExactly("SMOVE a b x");
  }

  @Test
  void smoveOfAMissingMemberOrFromAMissingSourceIsZero() {
    h.num("SADD", "a", "1");
    h.num("HSET", "h", "f", "v");
    h.drainPropagated();
    assertThat(h.num("SMOVE", "a", "b", "zz")).isZero();
    assertThat(exists("b")).isFalse();
    // A missing source answers 0 even when the destination has the wrong type.
    assertThat(h.num("SMOVE", "missing", "h", "1")).isZero();
    assertThat(h.num("SMOVE", "missing", "a", "1")).isZero();
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void smoveWrongTypes() {
    h.num("SADD", "a", "1");
    h.num("HSET", "h", "f", "v");
    h.drainPropagated();
    assertThat(h.err("SMOVE", "h", "a", "f")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SMOVE", "a", "h", "1")).isEqualTo(WRONGTYPE);
    assertThat(members("a")).containsExactly("1");
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void smoveToTheSameSetOnlyTellsMembership() {
    h.num("SADD", "a", "1", "2");
    h.drainPropagated();
    assertThat(h.num("SMOVE", "a", "a", "1")).isOne();
    assertThat(h.num("SMOVE", "a", "a", "9")).isZero();
    assertThat(members("a")).containsExactlyInAnyOrder("1", "2");
    assertThat(h.drainPropagated()).isEmpty();
  }

  // ---- SINTER / SUNION / SDIFF

  @Test
  void setAlgebra() {
    h.num("SADD", "a", "1", "2", "3", "x");
    h.num("SADD", "b", "2", "3", "4", "x");
    h.num("SADD", "c", "3", "x", "y");
    assertThat(h.list("SINTER", "a", "b")).containsExactlyInAnyOrder("2", "3", "x");
    assertThat(h.list("SINTER", "a", "b", "c")).containsExactlyInAnyOrder("3", "x");
    assertThat(h.list("SINTER", "a")).containsExactlyInAnyOrder("1", "2", "3", "x");
    assertThat(h.list("SINTER", "a", "a")).containsExactlyInAnyOrder("1", "2", "3", "x");
    assertThat(h.list("SUNION", "a", "b")).containsExactlyInAnyOrder("1", "2", "3", "4", "x");
    assertThat(h.list("SUNION", "a", "b", "c")).containsExactlyInAnyOrder("1", "2", "3", "4", "x", "y");
    assertThat(h.list("SDIFF", "a", "b")).containsExactly("1");
    assertThat(h.list("SDIFF", "b", "a", "c")).containsExactly("4");
    assertThat(h.list("SDIFF", "a", "a")).isEmpty();
    assertThat(h.list("SDIFF", "a")).containsExactlyInAnyOrder("1", "2", "3", "x");
  }

  @Test
  void setAlgebraTreatsMissingKeysAsEmptySets() {
    h.num("SADD", "a", "1", "2", "x");
    assertThat(h.list("SINTER", "a", "missing")).isEmpty();
    assertThat(h.list("SINTER", "missing")).isEmpty();
    assertThat(h.list("SUNION", "a", "missing")).containsExactlyInAnyOrder("1", "2", "x");
    assertThat(h.list("SUNION", "missing", "other")).isEmpty();
    assertThat(h.list("SDIFF", "missing", "a")).isEmpty();
    assertThat(h.list("SDIFF", "a", "missing")).containsExactlyInAnyOrder("1", "2", "x");
  }

  @Test
  void setAlgebraChecksEveryKeysTypeEvenAfterAMissingOne() {
    h.num("SADD", "a", "1");
    h.num("HSET", "h", "f", "v");
    for (String cmd : List.of("SINTER", "SUNION", "SDIFF")) {
      assertThat(h.err(cmd, "a", "h")).as(cmd).isEqualTo(WRONGTYPE);
      assertThat(h.err(cmd, "missing", "h")).as(cmd).isEqualTo(WRONGTYPE);
      assertThat(h.err(cmd, "h", "missing")).as(cmd).isEqualTo(WRONGTYPE);
      assertThat(h.err(cmd, "a", "missing", "h")).as(cmd).isEqualTo(WRONGTYPE);
    }
  }

  @Test
  void unionAndDiffOfIntegersReplyInIntsetOrder() {
    h.num("SADD", "a", "30", "10", "20");
    h.num("SADD", "b", "25", "5");
    assertThat(h.list("SUNION", "a", "b")).containsExactly("5", "10", "20", "25", "30");
    assertThat(h.list("SDIFF", "a", "b")).containsExactly("10", "20", "30");
    assertThat(h.list("SINTER", "a", "a")).containsExactly("10", "20", "30");
  }

  // ---- SINTERSTORE / SUNIONSTORE / SDIFFSTORE

  @Test
  void storeCommandsWriteTheResultAndPropagateVerbatim() {
    h.num("SADD", "a", "1", "2", "3", "x");
    h.num("SADD", "b", "2", "3", "4", "x");
    h.drainPropagated();
    assertThat(h.num("SINTERSTORE", "d1", "a", "b")).isEqualTo(3);
    assertThat(members("d1")).containsExactlyInAnyOrder("2", "3", "x");
    assertThat(h.num("SUNIONSTORE", "d2", "a", "b")).isEqualTo(5);
    assertThat(members("d2")).containsExactlyInAnyOrder("1", "2", "3", "4", "x");
    assertThat(h.num("SDIFFSTORE", "d3", "a", "b")).isEqualTo(1);
    assertThat(members("d3")).containsExactly("1");
    assertThat(h.drainPropagated())
        .containsExactly("SINTERSTORE d1 a b", "SUNIONSTORE d2 a b", "SDIFFSTORE d3 a b");
    // Storing again the same result is still a write, as in Redis.
    assertThat(h.num("SINTERSTORE", "d1", "a", "b")).isEqualTo(3);
    assertThat(h.drainPropagated()).containsExactly("SINTERSTORE d1 a b");
  }

  @Test
  void storeMayOverwriteOneOfItsSources() {
    h.num("SADD", "a", "1", "2");
    h.num("SADD", "b", "2", "3");
    assertThat(h.num("SUNIONSTORE", "a", "a", "b")).isEqualTo(3);
    assertThat(members("a")).containsExactlyInAnyOrder("1", "2", "3");
    assertThat(h.num("SDIFFSTORE", "b", "b", "a")).isZero();
    assertThat(exists("b")).isFalse();
  }

  @Test
  void storeReplacesADestinationOfAnyTypeAndDropsItsTtl() {
    h.num("SADD", "a", "1", "2");
    h.num("HSET", "dst", "f", "v");
    h.num("xtest-pexpireat", "dst", Long.toString(EngineHarness.START + 100_000));
    assertThat(h.num("xtest-expireat", "dst")).isEqualTo(EngineHarness.START + 100_000);
    assertThat(h.num("SUNIONSTORE", "dst", "a")).isEqualTo(2);
    assertThat(members("dst")).containsExactlyInAnyOrder("1", "2");
    assertThat(h.num("xtest-expireat", "dst")).isEqualTo(Entry.NO_EXPIRY);
  }

  @Test
  void storeOfAnEmptyResultDeletesTheDestination() {
    h.num("SADD", "a", "1", "2");
    h.num("SADD", "b", "3");
    h.num("HSET", "h", "f", "v");
    h.num("SADD", "d", "old");
    h.drainPropagated();
    assertThat(h.num("SINTERSTORE", "d", "a", "b")).isZero();
    assertThat(exists("d")).isFalse();
    // Even a destination of another type goes, when the result is empty.
    assertThat(h.num("SINTERSTORE", "h", "a", "missing")).isZero();
    assertThat(exists("h")).isFalse();
    assertThat(h.drainPropagated()).containsExactly("SINTERSTORE d a b", "SINTERSTORE h a missing");
    // Nothing to delete: nothing changed, nothing propagated.
    assertThat(h.num("SUNIONSTORE", "d", "missing", "other")).isZero();
    assertThat(h.num("SDIFFSTORE", "d", "a", "a")).isZero();
    assertThat(h.num("SINTERSTORE", "d", "missing")).isZero();
    assertThat(exists("d")).isFalse();
    assertThat(h.drainPropagated()).isEmpty();
  }

  @Test
  void storeWithAWrongTypeSourceFailsAndLeavesTheDestination() {
    h.num("SADD", "a", "1");
    h.num("SADD", "d", "keep");
    h.num("HSET", "h", "f", "v");
    h.drainPropagated();
    assertThat(h.err("SINTERSTORE", "d", "a", "missing", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SUNIONSTORE", "d", "a", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SDIFFSTORE", "d", "missing", "h")).isEqualTo(WRONGTYPE);
    assertThat(members("d")).containsExactly("keep");
    assertThat(h.drainPropagated()).isEmpty();
    assertThat(h.err("SINTERSTORE", "d")).isEqualTo("ERR wrong number of arguments for 'sinterstore' command");
  }

  // ---- SINTERCARD

  @Test
  void sintercardCountsAndStopsAtTheLimit() {
    h.num("SADD", "a", "1", "2", "3", "x");
    h.num("SADD", "b", "2", "3", "4", "x");
    assertThat(h.num("SINTERCARD", "2", "a", "b")).isEqualTo(3);
    assertThat(h.num("SINTERCARD", "1", "a")).isEqualTo(4);
    assertThat(h.num("SINTERCARD", "2", "a", "b", "LIMIT", "2")).isEqualTo(2);
    assertThat(h.num("SINTERCARD", "2", "a", "b", "limit", "10")).isEqualTo(3);
    assertThat(h.num("SINTERCARD", "2", "a", "b", "LIMIT", "0")).isEqualTo(3);
    assertThat(h.num("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "2")).isEqualTo(2);
    assertThat(h.num("SINTERCARD", "2", "a", "missing")).isZero();
    assertThat(h.num("SINTERCARD", "1", "missing")).isZero();
  }

  @Test
  void sintercardErrors() {
    h.num("SADD", "a", "1");
    h.num("HSET", "h", "f", "v");
    assertThat(h.err("SINTERCARD", "0", "a")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("SINTERCARD", "-1", "a")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("SINTERCARD", "abc", "a")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("SINTERCARD", "9223372036854775808", "a")).isEqualTo("ERR numkeys should be greater than 0");
    assertThat(h.err("SINTERCARD", "3", "a", "b")).isEqualTo("ERR Number of keys can't be greater than number of args");
    assertThat(h.err("SINTERCARD", "2", "a")).isEqualTo("ERR Number of keys can't be greater than number of args");
    assertThat(h.err("SINTERCARD", "1", "a", "LIMIT", "-1")).isEqualTo("ERR LIMIT can't be negative");
    assertThat(h.err("SINTERCARD", "1", "a", "LIMIT", "abc")).isEqualTo("ERR LIMIT can't be negative");
    assertThat(h.err("SINTERCARD", "1", "a", "LIMIT")).isEqualTo("ERR syntax error");
    assertThat(h.err("SINTERCARD", "1", "a", "2")).isEqualTo("ERR syntax error");
    assertThat(h.err("SINTERCARD", "1", "a", "FOO", "1")).isEqualTo("ERR syntax error");
    // Options are checked before any key is looked at.
    assertThat(h.err("SINTERCARD", "2", "a", "h", "LIMIT", "-1")).isEqualTo("ERR LIMIT can't be negative");
    assertThat(h.err("SINTERCARD", "2", "missing", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SINTERCARD", "1", "h")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SINTERCARD", "1")).isEqualTo("ERR wrong number of arguments for 'sintercard' command");
  }

  @Test
  void sintercardKeyFinder() {
    CommandSpec spec = CommandTable.standard().lookup("sintercard");
    assertThat(spec.keyIndexes(argv("SINTERCARD", "2", "a", "b", "LIMIT", "1"))).containsExactly(2, 3);
    assertThat(spec.keyIndexes(argv("SINTERCARD", "1", "a"))).containsExactly(2);
    assertThat(spec.keyIndexes(argv("SINTERCARD", "5", "a", "b"))).containsExactly(2, 3);
    assertThat(spec.keyIndexes(argv("SINTERCARD", "0", "a"))).isEmpty();
    assertThat(spec.keyIndexes(argv("SINTERCARD", "x", "a"))).isEmpty();
    assertThat(spec.keyIndexes(argv("SINTERCARD"))).isEmpty();
  }

  static byte[][] argv(String... args) {
    byte[][] out = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      out[i] = args[i].getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return out;
  }

  // ---- SSCAN

  @Test
  void sscanArgumentOrder() {
    h.num("SADD", "s", "a", "b");
    h.num("HSET", "h", "f", "v");
    // A missing key answers an empty scan before its options are parsed.
    assertThat(h.list("SSCAN", "missing", "0", "COUNT", "abc")).containsExactly("0", List.of());
    assertThat(h.list("SSCAN", "missing", "0", "FOO")).containsExactly("0", List.of());
    assertThat(h.err("SSCAN", "missing", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SSCAN", "h", "abc")).isEqualTo("ERR invalid cursor");
    assertThat(h.err("SSCAN", "h", "0", "FOO")).isEqualTo(WRONGTYPE);
    assertThat(h.err("SSCAN", "s", "0", "COUNT", "0")).isEqualTo("ERR syntax error");
    assertThat(h.err("SSCAN", "s", "0", "COUNT", "-1")).isEqualTo("ERR syntax error");
    assertThat(h.err("SSCAN", "s", "0", "COUNT", "abc")).isEqualTo(Errors.NOT_INTEGER);
    assertThat(h.err("SSCAN", "s", "0", "MATCH")).isEqualTo("ERR syntax error");
    assertThat(h.err("SSCAN", "s", "18446744073709551616")).isEqualTo("ERR invalid cursor");
  }

  @Test
  void sscanOfAnIntsetReturnsItWholeInOrder() {
    h.num("SADD", "i", "10", "1", "5", "3", "2");
    assertThat(h.list("SSCAN", "i", "0", "COUNT", "1"))
        .containsExactly("0", List.of("1", "2", "3", "5", "10"));
    assertThat(h.list("SSCAN", "i", "5")).containsExactly("0", List.of("1", "2", "3", "5", "10"));
    assertThat(h.list("SSCAN", "i", "0", "MATCH", "[12]*")).containsExactly("0", List.of("1", "2", "10"));
  }

  @Test
  void sscanFullIterationVisitsEveryMember() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add("member:" + i);
    }
    addAll("s", all);
    Set<Object> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      List<Object> r = h.list("SSCAN", "s", cursor, "COUNT", "7");
      cursor = (String) r.get(0);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) r.get(1);
      seen.addAll(batch);
      calls++;
    } while (!cursor.equals("0"));
    assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    assertThat(calls).isGreaterThan(10);
  }

  @Test
  void sscanSurvivesChangesBetweenCallsForMembersPresentThroughout() {
    List<String> stable = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      stable.add("keep" + i);
    }
    addAll("s", stable);
    Set<Object> seen = new HashSet<>();
    String cursor = "0";
    int round = 0;
    do {
      List<Object> r = h.list("SSCAN", "s", cursor, "COUNT", "5");
      cursor = (String) r.get(0);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) r.get(1);
      seen.addAll(batch);
      // Grow the set (forcing rehashes) and remove what was added before.
      for (int j = 0; j < 20; j++) {
        h.num("SADD", "s", "tmp" + round + ":" + j);
      }
      if (round > 0) {
        for (int j = 0; j < 20; j++) {
          h.num("SREM", "s", "tmp" + (round - 1) + ":" + j);
        }
      }
      round++;
    } while (!cursor.equals("0"));
    assertThat(seen).containsAll(stable);
  }

  @Test
  void sscanMatchFilters() {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add((i % 2 == 0 ? "even:" : "odd:") + i);
    }
    addAll("s", all);
    Set<Object> seen = new HashSet<>();
    String cursor = "0";
    do {
      List<Object> r = h.list("SSCAN", "s", cursor, "MATCH", "even:*", "COUNT", "20");
      cursor = (String) r.get(0);
      @SuppressWarnings("unchecked")
      List<Object> batch = (List<Object>) r.get(1);
      seen.addAll(batch);
    } while (!cursor.equals("0"));
    assertThat(seen).hasSize(100).allMatch(o -> ((String) o).startsWith("even:"));
  }

  // ---- The command table rows

  @Test
  void tableRowsMatchRedisCommandInfo() {
    // name arity flags first last step categories, from COMMAND INFO on redis-server 7.0.15
    String[] rows = {
      "sadd -3 write,denyoom,fast 1 1 1 write,set,fast",
      "srem -3 write,fast 1 1 1 write,set,fast",
      "smembers 2 readonly 1 1 1 read,set,slow",
      "sismember 3 readonly,fast 1 1 1 read,set,fast",
      "smismember -3 readonly,fast 1 1 1 read,set,fast",
      "scard 2 readonly,fast 1 1 1 read,set,fast",
      "spop -2 write,fast 1 1 1 write,set,fast",
      "srandmember -2 readonly 1 1 1 read,set,slow",
      "smove 4 write,fast 1 2 1 write,set,fast",
      "sinter -2 readonly 1 -1 1 read,set,slow",
      "sintercard -3 readonly 0 0 0 read,set,slow",
      "sunion -2 readonly 1 -1 1 read,set,slow",
      "sdiff -2 readonly 1 -1 1 read,set,slow",
      "sinterstore -3 write,denyoom 1 -1 1 write,set,slow",
      "sunionstore -3 write,denyoom 1 -1 1 write,set,slow",
      "sdiffstore -3 write,denyoom 1 -1 1 write,set,slow",
      "sscan -3 readonly 1 1 1 read,set,slow",
    };
    assertRows(SetCommands.specs(), rows);
    assertThat(CommandTable.standard().lookup("sintercard").keyFinder()).isNotNull();
  }

  static void assertRows(List<CommandSpec> specs, String[] rows) {
    assertThat(specs).hasSize(rows.length);
    for (String row : rows) {
      String[] f = row.split(" ");
      CommandSpec s = specs.stream().filter(x -> x.name().equals(f[0])).findFirst().orElseThrow();
      assertThat(s.arity()).as("%s arity", f[0]).isEqualTo(Integer.parseInt(f[1]));
      Set<String> flags = new HashSet<>();
      s.flags().forEach(fl -> flags.add(fl.name().toLowerCase()));
      assertThat(flags).as("%s flags", f[0]).containsExactlyInAnyOrder(f[2].split(","));
      assertThat(new int[] {s.firstKey(), s.lastKey(), s.keyStep()}).as("%s keys", f[0])
          .containsExactly(Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]));
      Set<String> cats = new HashSet<>();
      s.aclCategories().forEach(c -> cats.add(c.aclName()));
      assertThat(cats).as("%s categories", f[0]).containsExactlyInAnyOrder(f[6].split(","));
    }
  }
}
