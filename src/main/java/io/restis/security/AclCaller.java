package io.restis.security;

import io.restis.engine.AclCategory;
import io.restis.engine.Bytes;
import io.restis.engine.Caller;
import io.restis.engine.CommandFlag;
import io.restis.engine.CommandSpec;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A token's identity as the engine sees it: the executor asks {@link #deny} before every command
 * (single, pipelined, in a transaction, or a resource's keyed call), in Redis's order and with
 * Redis's texts: the command first, then its keys, then its channels.
 *
 * <ul>
 *   <li>Command: the {@link Acl} must allow it; admin commands (the {@code @admin} category, and
 *       FLUSHALL, FLUSHDB and their kin, which Redis files under {@code @keyspace @dangerous})
 *       also need the admin scope; a read-only token runs no command that writes, administers or
 *       publishes, whatever its rules say.
 *   <li>Keys: every key argument is checked by the command's flags: keys of a READONLY command need
 *       read permission, keys of a WRITE command need write permission (a command with neither
 *       needs both). Redis 7 refines this per key (INCR needs both because it returns the value);
 *       this layer keeps to the command's flags.
 *   <li>Channels: PUBLISH's channel, and the channels or patterns of a subscription
 *       ({@link #denyChannels}).
 *   <li>SORT and SORT_RO: BY with a pattern and GET read keys that are not arguments, so, as in
 *       Redis, they need access to every key.
 * </ul>
 */
public final class AclCaller implements Caller {

  static final String NOPERM_KEYS = "NOPERM this user has no permissions to access one of the keys used as arguments";
  static final String NOPERM_CHANNELS =
      "NOPERM this user has no permissions to access one of the channels used as arguments";
  static final String SORT_BY_DENIED = "ERR BY option of SORT denied due to insufficient ACL permissions.";
  static final String SORT_GET_DENIED = "ERR GET option of SORT denied due to insufficient ACL permissions.";

  /**
   * Commands that need the admin scope beyond what the ACL grants: Redis puts these under
   * {@code @keyspace}/{@code @write} or lists them as container commands, yet each wipes or
   * reconfigures the whole store. Every command of the {@code @admin} category needs it too.
   */
  static final Set<String> ADMIN_COMMANDS = Set.of("flushall", "flushdb", "swapdb", "config", "replicaof", "slaveof",
      "failover", "shutdown", "debug", "acl", "module", "monitor");

  /** Redis 7.0 container commands: a denial names the subcommand ({@code 'pubsub|channels'}). */
  private static final Map<String, Set<String>> CONTAINERS = Map.of(
      "pubsub", Set.of("channels", "numsub", "numpat", "shardchannels", "shardnumsub", "help"),
      "config", Set.of("get", "set", "resetstat", "rewrite", "help"),
      "object", Set.of("encoding", "freq", "idletime", "refcount", "help"));

  /** The subscription "commands" as Redis's table has them: {@code @pubsub @slow}. */
  static final CommandSpec SUBSCRIBE = streamSpec("subscribe");
  static final CommandSpec PSUBSCRIBE = streamSpec("psubscribe");

  private final String name;
  private final Acl acl;
  private final boolean adminScope;
  private final boolean readOnly;

  /**
   * @param name the token's name, for logs
   * @param acl its rules
   * @param adminScope whether admin commands and resources are open to it
   * @param readOnly whether it is capped to commands that change nothing
   */
  public AclCaller(String name, Acl acl, boolean adminScope, boolean readOnly) {
    this.name = name;
    this.acl = acl;
    this.adminScope = adminScope && !readOnly;
    this.readOnly = readOnly;
  }

  public String name() {
    return name;
  }

  public Acl acl() {
    return acl;
  }

  public boolean adminScope() {
    return adminScope;
  }

  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public String deny(CommandSpec spec, byte[][] argv) {
    if (!mayRun(spec, argv)) {
      return noPermissionToRun(spec, argv);
    }
    int[] keys = spec.keyIndexes(argv);
    if (keys.length > 0) {
      int needed = spec.is(CommandFlag.READONLY) ? Acl.READ : spec.isWrite() ? Acl.WRITE : Acl.READ_WRITE;
      for (int i : keys) {
        if (i < argv.length && !acl.allowsKey(argv[i], needed)) {
          return NOPERM_KEYS;
        }
      }
    }
    String channels = denyChannelArguments(spec, argv);
    if (channels != null) {
      return channels;
    }
    if (spec.name().equals("sort") || spec.name().equals("sort_ro")) {
      return denySortPatterns(argv, spec.name().equals("sort_ro"));
    }
    return null;
  }

  @Override
  public String denyChannels(List<Bytes> names, boolean patterns) {
    CommandSpec spec = patterns ? PSUBSCRIBE : SUBSCRIBE;
    byte[][] argv = {spec.name().getBytes(StandardCharsets.US_ASCII)};
    if (!mayRun(spec, argv)) {
      return noPermissionToRun(spec, argv);
    }
    for (Bytes n : names) {
      if (!acl.allowsChannel(n.bytes(), patterns)) {
        return NOPERM_CHANNELS;
      }
    }
    return null;
  }

  /** The command check alone: the rules, the admin scope, the read-only cap. */
  boolean mayRun(CommandSpec spec, byte[][] argv) {
    if (!acl.allowsCommand(spec, argv)) {
      return false;
    }
    if (isAdminCommand(spec) && !adminScope) {
      return false;
    }
    return !readOnly || !(spec.isWrite() || isAdminCommand(spec) || isPublish(spec));
  }

  static boolean isAdminCommand(CommandSpec spec) {
    return ADMIN_COMMANDS.contains(spec.name()) || spec.aclCategories().contains(AclCategory.ADMIN);
  }

  private static boolean isPublish(CommandSpec spec) {
    return spec.name().equals("publish") || spec.name().equals("spublish");
  }

  static String noPermissionToRun(CommandSpec spec, byte[][] argv) {
    return "NOPERM this user has no permissions to run the '" + fullName(spec, argv) + "' command";
  }

  /** The command's name as Redis reports it: {@code pubsub|channels} for a container's subcommand. */
  private static String fullName(CommandSpec spec, byte[][] argv) {
    Set<String> subcommands = CONTAINERS.get(spec.name());
    if (subcommands != null && argv.length > 1) {
      String sub = new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      if (subcommands.contains(sub)) {
        return spec.name() + "|" + sub;
      }
    }
    return spec.name();
  }

  private String denyChannelArguments(CommandSpec spec, byte[][] argv) {
    boolean patterns = spec.name().equals("psubscribe");
    int from;
    int to;
    if (isPublish(spec)) {
      from = 1;
      to = Math.min(2, argv.length);
    } else if (patterns || spec.name().equals("subscribe") || spec.name().equals("ssubscribe")) {
      from = 1;
      to = argv.length;
    } else {
      return null;
    }
    for (int i = from; i < to; i++) {
      if (!acl.allowsChannel(argv[i], patterns)) {
        return NOPERM_CHANNELS;
      }
    }
    return null;
  }

  /**
   * Redis refuses SORT's BY (with a {@code *}, that is a real lookup) and GET unless the caller may
   * read every key, in the order the options come and after the LIMIT arguments before them parse;
   * this walks the options as SORT does and stops where SORT would fail on its own.
   */
  private String denySortPatterns(byte[][] argv, boolean readOnlyForm) {
    if (acl.allowsEveryKey(Acl.READ)) {
      return null;
    }
    for (int j = 2; j < argv.length; j++) {
      int left = argv.length - j - 1;
      String word = new String(argv[j], StandardCharsets.ISO_8859_1);
      if (word.equalsIgnoreCase("ASC") || word.equalsIgnoreCase("DESC") || word.equalsIgnoreCase("ALPHA")) {
        continue;
      }
      if (word.equalsIgnoreCase("LIMIT") && left >= 2) {
        if (!isLong(argv[j + 1]) || !isLong(argv[j + 2])) {
          return null; // SORT answers the integer error itself, before reaching later options
        }
        j += 2;
      } else if (!readOnlyForm && word.equalsIgnoreCase("STORE") && left >= 1) {
        j++;
      } else if (word.equalsIgnoreCase("BY") && left >= 1) {
        for (byte b : argv[j + 1]) {
          if (b == '*') {
            return SORT_BY_DENIED;
          }
        }
        j++;
      } else if (word.equalsIgnoreCase("GET") && left >= 1) {
        return SORT_GET_DENIED;
      } else {
        return null; // a syntax error SORT reports itself
      }
    }
    return null;
  }

  private static boolean isLong(byte[] a) {
    return io.restis.engine.Numbers.tryParseLong(a) != null;
  }

  private static CommandSpec streamSpec(String name) {
    return CommandSpec.of(name, -2, EnumSet.of(CommandFlag.PUBSUB), 0, 0, 0, EnumSet.noneOf(AclCategory.class),
        ctx -> {
          throw new IllegalStateException(name + " is served as an event stream, not run as a command");
        });
  }

  @Override
  public String toString() {
    return "token '" + name + "' (" + acl + (adminScope ? ", admin" : "") + (readOnly ? ", read-only" : "") + ")";
  }
}
