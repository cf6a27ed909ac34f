package io.restis.engine;

/** The five value types, named as TYPE answers. */
public enum ValueType {
  STRING("string"),
  LIST("list"),
  SET("set"),
  HASH("hash"),
  ZSET("zset");

  private final String redisName;

  ValueType(String redisName) {
    this.redisName = redisName;
  }

  /** The name TYPE and SCAN TYPE use. */
  public String redisName() {
    return redisName;
  }

  /** The type for a TYPE name, or null. */
  public static ValueType fromRedisName(String name) {
    for (ValueType t : values()) {
      if (t.redisName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    return null;
  }
}
