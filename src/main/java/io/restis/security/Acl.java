package io.restis.security;

import io.restis.engine.AclCategory;
import io.restis.engine.CommandSpec;
import io.restis.engine.CommandTable;
import io.restis.engine.Glob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one token may do, in Redis 7.0's ACL rule language, parsed once and immutable afterwards.
 *
 * <p>Redis keeps a bitmap of allowed commands that each rule edits in turn; the same outcome
 * follows from keeping the command rules in order and letting the last one that matches a command
 * decide ({@code +@all -@dangerous +keys}: KEYS is allowed, FLUSHALL is not). That form needs no
 * command table to evaluate, so the table is only used to refuse unknown names at parse time, as
 * {@code ACL SETUSER} does. First-argument rules ({@code +config|get}, {@code -pubsub|channels})
 * match a command whose first argument is that word.
 *
 * <p>Keys: {@code ~pattern} grants reading and writing the keys the glob matches, {@code %R~} only
 * reading, {@code %W~} only writing ({@code %RW~} both); {@code allkeys} ({@code ~*}) grants every
 * key. Channels: {@code &pattern} grants publishing to and subscribing to the channels it matches;
 * a pattern subscription is allowed only for a pattern listed literally, as in Redis, since a
 * pattern cannot be proven to stay inside another one; {@code allchannels} ({@code &*}) grants all.
 * {@code resetkeys}, {@code resetchannels}, {@code nocommands}, {@code allcommands} and
 * {@code reset} work as in Redis. Rules about passwords, on/off and selectors have no meaning for a
 * token and are refused.
 *
 * <p>Matching is {@link Glob}, byte for byte the matcher Redis uses for ACL patterns.
 */
public final class Acl {

  /** Permission bits of a key pattern. */
  public static final int READ = 1;
  public static final int WRITE = 2;
  public static final int READ_WRITE = READ | WRITE;

  /**
   * Commands that exist only on the HTTP side (a subscription is an event stream, not a command
   * of the table) but that rules may still name.
   */
  static final Set<String> STREAM_COMMANDS = Set.of("subscribe", "psubscribe");

  /** One {@code +}/{@code -} rule about commands; the last rule that matches decides. */
  private record CommandRule(boolean allow, boolean all, AclCategory category, String command, String firstArg) {

    boolean matches(CommandSpec spec, Set<AclCategory> categories, byte[][] argv) {
      if (all) {
        return true;
      }
      if (category != null) {
        return categories.contains(category);
      }
      if (!command.equals(spec.name())) {
        return false;
      }
      return firstArg == null
          || argv.length > 1 && firstArg.equalsIgnoreCase(new String(argv[1], StandardCharsets.ISO_8859_1));
    }
  }

  private record KeyPattern(byte[] pattern, int flags) {}

  private final String rules;
  private final List<CommandRule> commandRules;
  private final Set<String> firstArgCommands;
  private final boolean allKeys;
  private final List<KeyPattern> keyPatterns;
  private final boolean allChannels;
  private final List<byte[]> channelPatterns;
  private final boolean namesKeys;
  private final boolean namesChannels;

  /** Decisions per command for commands no first-argument rule is about (they depend on the name alone). */
  private final ConcurrentHashMap<String, Boolean> decided = new ConcurrentHashMap<>();

  private Acl(Parser p) {
    this.rules = String.join(" ", p.ops);
    this.commandRules = List.copyOf(p.commandRules);
    this.firstArgCommands = Set.copyOf(p.firstArgCommands);
    this.allKeys = p.allKeys;
    this.keyPatterns = List.copyOf(p.keyPatterns);
    this.allChannels = p.allChannels;
    this.channelPatterns = List.copyOf(p.channelPatterns);
    this.namesKeys = p.namesKeys;
    this.namesChannels = p.namesChannels;
  }

  /**
   * Parses rules separated by white space, as an {@code ACL SETUSER} line. Command names are
   * checked against the table.
   *
   * @throws IllegalArgumentException naming the rule that is wrong, with Redis's reason
   */
  public static Acl parse(String rules, CommandTable table) {
    Parser p = new Parser(table);
    for (String op : rules.trim().split("\\s+")) {
      if (!op.isEmpty()) {
        p.apply(op);
      }
    }
    return new Acl(p);
  }

  /** True when the rules let the command (with its first argument) run; keys are checked apart. */
  public boolean allowsCommand(CommandSpec spec, byte[][] argv) {
    if (!firstArgCommands.contains(spec.name())) {
      return decided.computeIfAbsent(spec.name(), n -> evaluate(spec, argv));
    }
    return evaluate(spec, argv);
  }

  private boolean evaluate(CommandSpec spec, byte[][] argv) {
    Set<AclCategory> categories = spec.aclCategories();
    for (int i = commandRules.size() - 1; i >= 0; i--) {
      CommandRule r = commandRules.get(i);
      if (r.matches(spec, categories, argv)) {
        return r.allow;
      }
    }
    return false;
  }

  /** True when the key may be used with every permission in {@code flags} ({@link #READ}, {@link #WRITE}). */
  public boolean allowsKey(byte[] key, int flags) {
    if (allKeys) {
      return true;
    }
    for (KeyPattern p : keyPatterns) {
      if ((p.flags & flags) == flags && Glob.matches(p.pattern, key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when every key may be used with {@code flags}: {@code allkeys}, or a {@code *} pattern
   * carrying all of them (what Redis requires before SORT may read keys named by a pattern).
   */
  public boolean allowsEveryKey(int flags) {
    if (allKeys) {
      return true;
    }
    for (KeyPattern p : keyPatterns) {
      if ((p.flags & flags) == flags && p.pattern.length == 1 && p.pattern[0] == '*') {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the channel may be published or subscribed to; with {@code isPattern}, when the
   * pattern may be subscribed to (it must be listed literally).
   */
  public boolean allowsChannel(byte[] channel, boolean isPattern) {
    if (allChannels) {
      return true;
    }
    for (byte[] p : channelPatterns) {
      if (isPattern ? Arrays.equals(p, channel) : Glob.matches(p, channel)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the rules let every {@code @admin} command of the table run ({@code +@admin},
   * {@code +@all}, but not {@code +@all -@dangerous}): what makes a token an admin token without
   * its explicit flag.
   */
  public boolean grantsAdminCategory(CommandTable table) {
    boolean any = false;
    for (CommandSpec spec : table.all()) {
      if (spec.aclCategories().contains(AclCategory.ADMIN)) {
        any = true;
        if (!allowsCommand(spec, new byte[][] {spec.name().getBytes(StandardCharsets.US_ASCII)})) {
          return false;
        }
      }
    }
    return any;
  }

  /** True when some rule is about keys (a pattern, allkeys, resetkeys). */
  public boolean namesKeys() {
    return namesKeys;
  }

  /** True when some rule is about channels. */
  public boolean namesChannels() {
    return namesChannels;
  }

  /** The rules as parsed, one space between them (for logs; never holds a secret). */
  public String rules() {
    return rules;
  }

  @Override
  public String toString() {
    return rules;
  }

  private static final class Parser {
    final CommandTable table;
    final List<String> ops = new ArrayList<>();
    final List<CommandRule> commandRules = new ArrayList<>();
    final List<String> firstArgCommands = new ArrayList<>();
    boolean allKeys;
    final List<KeyPattern> keyPatterns = new ArrayList<>();
    boolean allChannels;
    final List<byte[]> channelPatterns = new ArrayList<>();
    boolean namesKeys;
    boolean namesChannels;

    Parser(CommandTable table) {
      this.table = table;
    }

    void apply(String op) {
      ops.add(op);
      String lower = op.toLowerCase(Locale.ROOT);
      switch (lower) {
        case "allcommands":
          allCommands(true);
          return;
        case "nocommands":
          allCommands(false);
          return;
        case "allkeys":
          namesKeys = true;
          allKeys = true;
          keyPatterns.clear();
          return;
        case "resetkeys":
          namesKeys = true;
          allKeys = false;
          keyPatterns.clear();
          return;
        case "allchannels":
          namesChannels = true;
          allChannels = true;
          channelPatterns.clear();
          return;
        case "resetchannels":
          namesChannels = true;
          allChannels = false;
          channelPatterns.clear();
          return;
        case "reset":
          commandRules.clear();
          firstArgCommands.clear();
          allKeys = false;
          keyPatterns.clear();
          allChannels = false;
          channelPatterns.clear();
          return;
        case "on":
        case "off":
        case "nopass":
        case "resetpass":
        case "clearselectors":
          throw error(op, "not a token permission (tokens have no passwords, on/off state or selectors)");
        default:
          break;
      }
      char c = op.charAt(0);
      if (c == '~' || c == '%') {
        keyPattern(op);
      } else if (c == '&') {
        channelPattern(op);
      } else if ((c == '+' || c == '-') && op.length() > 1 && op.charAt(1) == '@') {
        category(op, c == '+', lower.substring(2));
      } else if ((c == '+' || c == '-') && op.length() > 1) {
        command(op, c == '+', lower.substring(1));
      } else if (c == '>' || c == '<' || c == '#' || c == '!' || c == '(') {
        throw error(op, "not a token permission (tokens have no passwords, on/off state or selectors)");
      } else {
        throw error(op, "Syntax error");
      }
    }

    private void allCommands(boolean allow) {
      commandRules.add(new CommandRule(allow, true, null, null, null));
    }

    private void category(String op, boolean allow, String name) {
      if (name.equals("all")) {
        allCommands(allow);
        return;
      }
      AclCategory category = null;
      for (AclCategory a : AclCategory.values()) {
        if (a.aclName().equals(name)) {
          category = a;
        }
      }
      if (category == null) {
        throw error(op, "Unknown command or category name in ACL");
      }
      commandRules.add(new CommandRule(allow, false, category, null, null));
    }

    private void command(String op, boolean allow, String name) {
      String firstArg = null;
      int bar = name.indexOf('|');
      if (bar >= 0) {
        firstArg = name.substring(bar + 1);
        name = name.substring(0, bar);
        if (firstArg.isEmpty() || firstArg.indexOf('|') >= 0) {
          throw error(op, "Syntax error");
        }
      }
      if (table.lookup(name) == null && !STREAM_COMMANDS.contains(name)) {
        throw error(op, "Unknown command or category name in ACL");
      }
      commandRules.add(new CommandRule(allow, false, null, name, firstArg));
      if (firstArg != null) {
        firstArgCommands.add(name);
      }
    }

    private void keyPattern(String op) {
      namesKeys = true;
      int flags = 0;
      int offset = 0;
      if (op.charAt(0) == '%') {
        offset = 1;
        while (offset < op.length() && op.charAt(offset) != '~') {
          char f = Character.toUpperCase(op.charAt(offset));
          if (f == 'R') {
            flags |= READ;
          } else if (f == 'W') {
            flags |= WRITE;
          } else {
            throw error(op, "Syntax error");
          }
          offset++;
        }
        if (flags == 0 || offset == op.length()) {
          throw error(op, "Syntax error");
        }
      } else {
        flags = READ_WRITE;
      }
      if (allKeys) {
        throw error(op, "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does "
            + "not have any effect. Try 'resetkeys' to start with an empty list of patterns");
      }
      String pattern = op.substring(offset + 1);
      if (pattern.equals("*") && flags == READ_WRITE) {
        allKeys = true;
        keyPatterns.clear();
        return;
      }
      keyPatterns.add(new KeyPattern(pattern.getBytes(StandardCharsets.UTF_8), flags));
    }

    private void channelPattern(String op) {
      namesChannels = true;
      if (allChannels) {
        throw error(op, "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does "
            + "not have any effect. Try 'resetchannels' to start with an empty list of channels");
      }
      String pattern = op.substring(1);
      if (pattern.equals("*")) {
        allChannels = true;
        channelPatterns.clear();
        return;
      }
      channelPatterns.add(pattern.getBytes(StandardCharsets.UTF_8));
    }

    private static IllegalArgumentException error(String op, String reason) {
      return new IllegalArgumentException("Error in ACL rule '" + op + "': " + reason);
    }
  }
}
