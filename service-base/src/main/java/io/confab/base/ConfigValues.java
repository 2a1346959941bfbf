package io.confab.base;

import io.vertx.core.json.JsonObject;

/**
 * Options of a deployment config, read leniently: the command line and the conf file give typed values,
 * the environment ({@code CONFAB_*}) gives strings, and a blank value means the default.
 */
public final class ConfigValues {

  /** A number option, given as a number or (from the environment) as a string. */
  public static long number(JsonObject config, String key, long defaultValue) {
    Object value = config.getValue(key);
    if (value instanceof Number number) {
      return number.longValue();
    }
    return value == null || String.valueOf(value).isBlank() ? defaultValue : Long.parseLong(String.valueOf(value).strip());
  }

  public static boolean bool(JsonObject config, String key, boolean defaultValue) {
    Object value = config.getValue(key);
    if (value instanceof Boolean flag) {
      return flag;
    }
    return value == null || String.valueOf(value).isBlank() ? defaultValue : Boolean.parseBoolean(String.valueOf(value).strip());
  }

  public static String text(JsonObject config, String key, String defaultValue) {
    Object value = config.getValue(key);
    return value == null || String.valueOf(value).isBlank() ? defaultValue : String.valueOf(value).strip();
  }

  private ConfigValues() {
  }
}
