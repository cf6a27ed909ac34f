package io.restis.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the command table, as in Redis's command JSON files.
 *
 * @param name lower-case command name
 * @param arity Redis's convention: positive is the exact argument count including the name,
 *     negative is the minimum
 * @param flags what the executor must do around the handler
 * @param firstKey index of the first key argument, 0 when the command takes no keys
 * @param lastKey index of the last key argument; negative counts from the end (-1 is the last)
 * @param keyStep distance between keys
 * @param categories the ACL categories named explicitly (the type's and @dangerous); the ones that
 *     follow from the flags are added by {@link #aclCategories()}
 * @param keyFinder for commands whose keys follow a count argument; null to use the range
 * @param handler the command body
 */
public record CommandSpec(
    String name,
    int arity,
    Set<CommandFlag> flags,
    int firstKey,
    int lastKey,
    int keyStep,
    Set<AclCategory> categories,
    KeyFinder keyFinder,
    CommandHandler handler) {

  public CommandSpec {
    flags = flags.isEmpty() ? EnumSet.noneOf(CommandFlag.class) : EnumSet.copyOf(flags);
    categories = categories.isEmpty() ? EnumSet.noneOf(AclCategory.class) : EnumSet.copyOf(categories);
  }

  /** A command whose keys are the range firstKey..lastKey by keyStep. */
  public static CommandSpec of(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
      int keyStep, Set<AclCategory> categories, CommandHandler handler) {
    return new CommandSpec(name, arity, flags, firstKey, lastKey, keyStep, categories, null, handler);
  }

  /** A command whose keys a finder locates (numkeys-style commands). */
  public static CommandSpec withKeys(String name, int arity, Set<CommandFlag> flags, KeyFinder finder,
      Set<AclCategory> categories, CommandHandler handler) {
    return new CommandSpec(name, arity, flags, 0, 0, 0, categories, finder, handler);
  }

  public boolean is(CommandFlag flag) {
    return flags.contains(flag);
  }

  public boolean isWrite() {
    return flags.contains(CommandFlag.WRITE);
  }

  /** True when the argument count fits the arity. */
  public boolean arityAccepts(int argc) {
    return arity > 0 ? argc == arity : argc >= -arity;
  }

  /** The indexes of the key arguments in argv. */
  public int[] keyIndexes(byte[][] argv) {
    if (keyFinder != null) {
      return keyFinder.keys(argv);
    }
    if (firstKey <= 0 || firstKey >= argv.length) {
      return new int[0];
    }
    int last = lastKey < 0 ? argv.length + lastKey : Math.min(lastKey, argv.length - 1);
    if (last < firstKey) {
      return new int[0];
    }
    int n = (last - firstKey) / keyStep + 1;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = firstKey + i * keyStep;
    }
    return out;
  }

  /** Every ACL category of the command, the explicit ones plus those its flags imply. */
  public Set<AclCategory> aclCategories() {
    EnumSet<AclCategory> all = EnumSet.noneOf(AclCategory.class);
    all.addAll(categories);
    if (flags.contains(CommandFlag.WRITE)) {
      all.add(AclCategory.WRITE);
    }
    if (flags.contains(CommandFlag.READONLY) && !categories.contains(AclCategory.SCRIPTING)) {
      all.add(AclCategory.READ);
    }
    if (flags.contains(CommandFlag.ADMIN)) {
      all.add(AclCategory.ADMIN);
      all.add(AclCategory.DANGEROUS);
    }
    if (flags.contains(CommandFlag.PUBSUB)) {
      all.add(AclCategory.PUBSUB);
    }
    if (flags.contains(CommandFlag.BLOCKING)) {
      all.add(AclCategory.BLOCKING);
    }
    all.add(flags.contains(CommandFlag.FAST) ? AclCategory.FAST : AclCategory.SLOW);
    return all;
  }
}
