package io.restis.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one command table. Every command is a {@link CommandSpec} row listed explicitly by its
 * type's command class; there is no scanning. Lookup is case-insensitive, as in Redis.
 */
public final class CommandTable {

  private final Map<String, CommandSpec> byName;

  public CommandTable(Collection<CommandSpec> specs) {
    Map<String, CommandSpec> m = new HashMap<>();
    for (CommandSpec s : specs) {
      if (m.put(s.name(), s) != null) {
        throw new IllegalArgumentException("duplicate command " + s.name());
      }
    }
    this.byName = Collections.unmodifiableMap(m);
  }

  /** The standard table: every command Restis implements. */
  public static CommandTable standard() {
    List<CommandSpec> all = new ArrayList<>();
    all.addAll(ServerCommands.specs());
    all.addAll(KeyCommands.specs());
    all.addAll(StringCommands.specs());
    all.addAll(ListCommands.specs());
    all.addAll(SetCommands.specs());
    all.addAll(HashCommands.specs());
    all.addAll(ZSetCommands.specs());
    all.addAll(SortCommand.specs());
    all.addAll(PersistenceCommands.specs());
    all.addAll(BlockingCommands.specs());
    all.addAll(PubSubCommands.specs());
    all.addAll(HyperLogLogCommands.specs());
    all.addAll(ReplicationCommands.specs());
    all.addAll(InfoCommand.specs());
    return new CommandTable(all);
  }

  /** The row for a command name in any case, or null. */
  public CommandSpec lookup(byte[] name) {
    if (name.length > 32) {
      return null;
    }
    String s = new String(name, StandardCharsets.ISO_8859_1);
    CommandSpec spec = byName.get(s);
    return spec != null ? spec : byName.get(s.toLowerCase(Locale.ROOT));
  }

  public CommandSpec lookup(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  public Collection<CommandSpec> all() {
    return byName.values();
  }
}
