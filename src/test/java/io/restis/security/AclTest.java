package io.restis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restis.engine.Bytes;
import io.restis.engine.CommandSpec;
import io.restis.engine.CommandTable;
import io.restis.engine.Engine;
import io.restis.engine.EngineClock;
import io.restis.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The ACL rules and the caller the engine asks: parsing (with Redis's error texts), the command,
 * key and channel checks, the admin scope and the read-only cap, and the executor honouring the
 * verdict on every path (single, pipeline, transaction, keyed call).
 */
class AclTest {

  static final CommandTable TABLE = CommandTable.standard();

  static AclCaller caller(String rules) {
    return new AclCaller("t", Acl.parse(rules, TABLE), Acl.parse(rules, TABLE).grantsAdminCategory(TABLE), false);
  }

  static String deny(AclCaller c, String... argv) {
    byte[][] a = argv(argv);
    CommandSpec spec = TABLE.lookup(a[0]);
    return c.deny(spec, a);
  }

  /** The caller's verdict on a command of the given table. */
  static String denyWith(AclCaller c, CommandTable table, String... argv) {
    byte[][] a = argv(argv);
    return c.deny(table.lookup(a[0]), a);
  }

  static byte[][] argv(String... argv) {
    byte[][] a = new byte[argv.length][];
    for (int i = 0; i < argv.length; i++) {
      a[i] = argv[i].getBytes(StandardCharsets.UTF_8);
    }
    return a;
  }

  static final String NOPERM_KEYS = "NOPERM this user has no permissions to access one of the keys used as arguments";

  static String nopermRun(String name) {
    return "NOPERM this user has no permissions to run the '" + name + "' command";
  }

  @Test
  void theLastRuleThatMatchesDecides() {
    AclCaller c = caller("+@all -@dangerous +keys allkeys");
    assertThat(deny(c, "GET", "k")).isNull();
    assertThat(deny(c, "KEYS", "*")).isNull();
    assertThat(deny(c, "FLUSHALL")).isEqualTo(nopermRun("flushall"));
    assertThat(deny(c, "SORT", "k")).isEqualTo(nopermRun("sort")); // @dangerous in Redis's table
    AclCaller d = caller("-@all +get +set allkeys -set");
    assertThat(deny(d, "get", "k")).isNull();
    assertThat(deny(d, "SET", "k", "v")).isEqualTo(nopermRun("set"));
    assertThat(deny(d, "DEL", "k")).isEqualTo(nopermRun("del"));
    AclCaller none = caller("allkeys");
    assertThat(deny(none, "PING")).isEqualTo(nopermRun("ping")); // a new user runs nothing
  }

  @Test
  void categoriesFollowTheCommandsFlags() {
    AclCaller reader = caller("+@read allkeys");
    assertThat(deny(reader, "GET", "k")).isNull();
    assertThat(deny(reader, "LRANGE", "k", "0", "-1")).isNull();
    assertThat(deny(reader, "SET", "k", "v")).isEqualTo(nopermRun("set"));
    assertThat(deny(reader, "LPUSH", "k", "v")).isEqualTo(nopermRun("lpush"));
    AclCaller lists = caller("+@list -@write allkeys");
    assertThat(deny(lists, "LLEN", "k")).isNull();
    assertThat(deny(lists, "GET", "k")).isEqualTo(nopermRun("get"));
    assertThat(deny(lists, "RPUSH", "k", "x")).isEqualTo(nopermRun("rpush"));
    AclCaller fast = caller("+@fast allkeys");
    assertThat(deny(fast, "GET", "k")).isNull();
    assertThat(deny(fast, "KEYS", "*")).isEqualTo(nopermRun("keys")); // @slow
  }

  @Test
  void keyPatternsByReadAndWritePermission() {
    AclCaller c = caller("+@all ~cache:* %R~public:* %W~inbox:*");
    assertThat(deny(c, "GET", "cache:1")).isNull();
    assertThat(deny(c, "SET", "cache:1", "v")).isNull();
    assertThat(deny(c, "GET", "public:1")).isNull();
    assertThat(deny(c, "SET", "public:1", "v")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "LPUSH", "inbox:1", "v")).isNull();
    assertThat(deny(c, "LRANGE", "inbox:1", "0", "-1")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "GET", "other")).isEqualTo(NOPERM_KEYS);
    // every key of a command is checked: MGET, MSET (step 2), RENAME both names, numkeys commands
    assertThat(deny(c, "MGET", "cache:1", "public:2")).isNull();
    assertThat(deny(c, "MGET", "cache:1", "secret")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "MSET", "cache:1", "secret", "cache:2", "v")).isNull(); // values are no keys
    assertThat(deny(c, "MSET", "cache:1", "v", "secret", "v")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "RENAME", "cache:1", "public:1")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "ZUNIONSTORE", "cache:d", "2", "cache:a", "secret")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "ZUNIONSTORE", "cache:d", "2", "cache:a", "cache:b", "WEIGHTS", "1", "2")).isNull();
    assertThat(deny(c, "SORT", "cache:l", "STORE", "public:x")).isEqualTo(NOPERM_KEYS);
    // a command is checked before its keys, as Redis does
    AclCaller reader = caller("+@read ~cache:*");
    assertThat(deny(reader, "SET", "secret", "v")).isEqualTo(nopermRun("set"));
  }

  @Test
  void allKeysAndPatternsWithGlobSyntax() {
    AclCaller c = caller("+@all ~user:[0-9]* ~a?c ~esc\\*");
    assertThat(deny(c, "GET", "user:42")).isNull();
    assertThat(deny(c, "GET", "user:x")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(c, "GET", "abc")).isNull();
    assertThat(deny(c, "GET", "esc*")).isNull();
    assertThat(deny(c, "GET", "escX")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(caller("+@all allkeys"), "GET", "anything")).isNull();
    assertThat(deny(caller("+@all ~* resetkeys ~a"), "GET", "b")).isEqualTo(NOPERM_KEYS);
  }

  @Test
  void firstArgumentRulesAndContainerNames() {
    AclCaller c = caller("+@all -@dangerous allkeys");
    assertThat(deny(c, "GET", "k")).isNull();
    // the first argument is argv[1], whatever the command makes of it
    AclCaller get = caller("-@all +getex|persist allkeys");
    assertThat(deny(get, "GETEX", "persist", "EX", "1")).isNull();
    assertThat(deny(get, "GETEX", "k", "PERSIST")).isEqualTo(nopermRun("getex"));
    // +get|x matches a first argument x; Redis 7.0 accepts it on any command
    AclCaller getx = caller("+get|secret");
    assertThat(deny(getx, "GET", "secret")).isEqualTo(NOPERM_KEYS);
    assertThat(deny(caller("+get|secret allkeys"), "GET", "secret")).isNull();
    assertThat(deny(caller("+get|secret allkeys"), "GET", "other")).isEqualTo(nopermRun("get"));
  }

  @Test
  void parseErrorsNameTheRuleWithRedisReasons() {
    assertThatThrownBy(() -> Acl.parse("+@all +nope", TABLE)).hasMessage(
        "Error in ACL rule '+nope': Unknown command or category name in ACL");
    assertThatThrownBy(() -> Acl.parse("+@nope", TABLE)).hasMessage(
        "Error in ACL rule '+@nope': Unknown command or category name in ACL");
    assertThatThrownBy(() -> Acl.parse("%X~x", TABLE)).hasMessage("Error in ACL rule '%X~x': Syntax error");
    assertThatThrownBy(() -> Acl.parse("%~x", TABLE)).hasMessage("Error in ACL rule '%~x': Syntax error");
    assertThatThrownBy(() -> Acl.parse("%R", TABLE)).hasMessage("Error in ACL rule '%R': Syntax error");
    assertThatThrownBy(() -> Acl.parse("allkeys %R~foo", TABLE)).hasMessage("Error in ACL rule '%R~foo': "
        + "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. "
        + "Try 'resetkeys' to start with an empty list of patterns");
    assertThatThrownBy(() -> Acl.parse("&* &news", TABLE)).hasMessageContaining("'allchannels'");
    assertThatThrownBy(() -> Acl.parse("on >secret", TABLE)).hasMessageContaining("tokens have no passwords");
    assertThatThrownBy(() -> Acl.parse("+get|", TABLE)).hasMessage("Error in ACL rule '+get|': Syntax error");
    assertThatThrownBy(() -> Acl.parse("bogus", TABLE)).hasMessage("Error in ACL rule 'bogus': Syntax error");
    assertThat(Acl.parse("  +@read   ~a:*  ", TABLE).rules()).isEqualTo("+@read ~a:*");
    assertThat(Acl.parse("+SUBSCRIBE +PSubscribe", TABLE).rules()).isEqualTo("+SUBSCRIBE +PSubscribe");
  }

  @Test
  void channelsAreGlobsForChannelsAndLiteralForPatterns() {
    AclCaller c = new AclCaller("t", Acl.parse("+@all allkeys &news.* &chat", TABLE), true, false);
    assertThat(c.denyChannels(List.of(Bytes.of("news.sport")), false)).isNull();
    assertThat(c.denyChannels(List.of(Bytes.of("news.sport"), Bytes.of("other")), false))
        .isEqualTo(AclCaller.NOPERM_CHANNELS);
    assertThat(c.denyChannels(List.of(Bytes.of("news.*")), true)).isNull();
    assertThat(c.denyChannels(List.of(Bytes.of("news.s*")), true)).isEqualTo(AclCaller.NOPERM_CHANNELS);
    assertThat(c.denyChannels(List.of(Bytes.of("*")), true)).isEqualTo(AclCaller.NOPERM_CHANNELS);
    AclCaller all = new AclCaller("t", Acl.parse("+@all allkeys allchannels", TABLE), true, false);
    assertThat(all.denyChannels(List.of(Bytes.of("*")), true)).isNull();
    AclCaller noSubscribe = new AclCaller("t", Acl.parse("+@read allkeys allchannels", TABLE), false, false);
    assertThat(noSubscribe.denyChannels(List.of(Bytes.of("x")), false)).isEqualTo(nopermRun("subscribe"));
    AclCaller subscribeOnly = new AclCaller("t", Acl.parse("+subscribe &x", TABLE), false, false);
    assertThat(subscribeOnly.denyChannels(List.of(Bytes.of("x")), false)).isNull();
    assertThat(subscribeOnly.denyChannels(List.of(Bytes.of("x")), true)).isEqualTo(nopermRun("psubscribe"));
  }

  @Test
  void sortPatternsNeedEveryKeyAsRedisHasIt() {
    AclCaller some = caller("+@all ~l:* ~w:*");
    assertThat(deny(some, "SORT", "l:1")).isNull();
    assertThat(deny(some, "SORT", "l:1", "BY", "nosort")).isNull();
    assertThat(deny(some, "SORT", "l:1", "BY", "w:*")).isEqualTo(AclCaller.SORT_BY_DENIED);
    assertThat(deny(some, "SORT", "l:1", "GET", "#")).isEqualTo(AclCaller.SORT_GET_DENIED);
    assertThat(deny(some, "SORT_RO", "l:1", "ALPHA", "DESC", "GET", "w:*")).isEqualTo(AclCaller.SORT_GET_DENIED);
    // SORT's own errors come first where SORT would meet them first
    assertThat(deny(some, "SORT", "l:1", "LIMIT", "a", "b", "BY", "x*")).isNull();
    assertThat(deny(some, "SORT", "l:1", "BOGUS", "BY", "x*")).isNull();
    assertThat(deny(some, "SORT", "l:1", "LIMIT", "0", "1", "BY", "x*")).isEqualTo(AclCaller.SORT_BY_DENIED);
    assertThat(deny(caller("+@all %R~*"), "SORT", "l:1", "BY", "w:*")).isEqualTo(NOPERM_KEYS); // SORT writes
    assertThat(deny(caller("+@all %R~*"), "SORT_RO", "l:1", "BY", "w:*")).isNull();
    assertThat(deny(caller("+@all allkeys"), "SORT", "l:1", "BY", "w:*", "GET", "#")).isNull();
  }

  @Test
  void adminCommandsNeedTheAdminScope() {
    assertThat(Acl.parse("+@all", TABLE).grantsAdminCategory(TABLE)).isTrue();
    assertThat(Acl.parse("+@admin", TABLE).grantsAdminCategory(TABLE)).isTrue();
    assertThat(Acl.parse("+@all -@dangerous", TABLE).grantsAdminCategory(TABLE)).isFalse();
    assertThat(Acl.parse("+@all -save", TABLE).grantsAdminCategory(TABLE)).isFalse();
    assertThat(Acl.parse("+@write +@read", TABLE).grantsAdminCategory(TABLE)).isFalse();
    Acl writer = Acl.parse("+@write +@read allkeys", TABLE);
    AclCaller noScope = new AclCaller("w", writer, false, false);
    assertThat(noScope.deny(TABLE.lookup("flushall"), argv("FLUSHALL"))).isEqualTo(nopermRun("flushall"));
    assertThat(noScope.deny(TABLE.lookup("flushdb"), argv("FLUSHDB"))).isEqualTo(nopermRun("flushdb"));
    assertThat(noScope.deny(TABLE.lookup("set"), argv("SET", "k", "v"))).isNull();
    AclCaller flagged = new AclCaller("w", Acl.parse("+@write +@read +@admin allkeys", TABLE), false, false);
    assertThat(flagged.deny(TABLE.lookup("save"), argv("SAVE"))).isEqualTo(nopermRun("save"));
    AclCaller admin = new AclCaller("w", Acl.parse("+@write +@read +@admin allkeys", TABLE), true, false);
    assertThat(admin.deny(TABLE.lookup("flushall"), argv("FLUSHALL"))).isNull();
    assertThat(admin.deny(TABLE.lookup("save"), argv("SAVE"))).isNull();
    // the flag does not grant what the rules do not
    AclCaller flagOnly = new AclCaller("w", Acl.parse("+@read allkeys", TABLE), true, false);
    assertThat(flagOnly.deny(TABLE.lookup("save"), argv("SAVE"))).isEqualTo(nopermRun("save"));
  }

  @Test
  void readOnlyCapsWhateverTheRulesSay() {
    AclCaller ro = new AclCaller("ro", Acl.parse("+@all allkeys allchannels", TABLE), true, true);
    assertThat(ro.adminScope()).isFalse();
    assertThat(ro.deny(TABLE.lookup("get"), argv("GET", "k"))).isNull();
    assertThat(ro.deny(TABLE.lookup("set"), argv("SET", "k", "v"))).isEqualTo(nopermRun("set"));
    assertThat(ro.deny(TABLE.lookup("save"), argv("SAVE"))).isEqualTo(nopermRun("save"));
    assertThat(ro.deny(TABLE.lookup("flushall"), argv("FLUSHALL"))).isEqualTo(nopermRun("flushall"));
    assertThat(ro.denyChannels(List.of(Bytes.of("x")), false)).isNull();
  }

  @Test
  void theExecutorAsksOnEveryPathAndATransactionWithOneRefusalRunsNothing() {
    Engine engine = new Engine(TABLE, EngineClock.SYSTEM, new SplittableRandom(1));
    AclCaller c = caller("+@all -flushall ~app:*");
    assertThat(engine.execute(c, argv("SET", "app:1", "v"))).isEqualTo(Reply.OK);
    assertThat(engine.execute(c, argv("SET", "other", "v"))).isEqualTo(Reply.error(NOPERM_KEYS));
    List<Reply> piped = engine.pipeline(c, List.of(argv("SET", "app:2", "x"), argv("GET", "secret"),
        argv("FLUSHALL"), argv("GET", "app:2")));
    assertThat(piped).containsExactly(Reply.OK, Reply.error(NOPERM_KEYS), Reply.error(nopermRun("flushall")),
        Reply.bulk("x".getBytes(StandardCharsets.UTF_8)));
    Reply tx = engine.transaction(c, List.of(argv("SET", "app:3", "y"), argv("DEL", "app:1"), argv("GET", "secret")));
    assertThat(tx).isEqualTo(Reply.error("EXECABORT Transaction discarded because of previous errors."));
    assertThat(engine.execute(argv("EXISTS", "app:3", "app:1"))).isEqualTo(Reply.integer(1)); // nothing ran
    Engine.KeyedResult keyed = engine.executeOnKey(c, Bytes.of("app:1"), null,
        List.of(argv("SET", "app:1", "z"), argv("SET", "nope", "z")));
    assertThat(keyed.replies()).containsExactly(Reply.error(NOPERM_KEYS));
    assertThat(engine.execute(argv("GET", "app:1"))).isEqualTo(Reply.bulk("v".getBytes(StandardCharsets.UTF_8)));
    assertThat(engine.commandStats().get("set")[2]).isEqualTo(2); // counted as rejected
    assertThat(engine.commandStats().get("get")[2]).isEqualTo(2);
  }
}
