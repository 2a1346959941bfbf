package io.confab.files;

import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The files role's settings, all optional. The keys belong in {@code io.confab.contract.ConfigKeys}
 * (and docs/CONFIGURATION.md) once the contract module takes them.
 */
public final class FilesConfig {

  /** Secret of the signed download URLs, at least 32 characters; without it a random key kept in MongoDB. */
  public static final String URL_KEY = "files-url-key";
  /** Seconds a signed download URL stays valid (default 900; it is rounded up to the next 5 minutes). */
  public static final String URL_TTL_SECONDS = "files-url-ttl-seconds";
  /** Milliseconds between two runs of the cleanup of unreferenced uploads (default one hour). */
  public static final String CLEANUP_INTERVAL_MS = "files-cleanup-interval-ms";
  /** Age in milliseconds after which an upload that no message carries is removed (default one day). */
  public static final String UNREFERENCED_MAX_AGE_MS = "files-unreferenced-max-age-ms";

  static final long DEFAULT_URL_TTL_SECONDS = 15 * 60;
  static final long DEFAULT_CLEANUP_INTERVAL_MS = Duration.ofHours(1).toMillis();
  static final long DEFAULT_UNREFERENCED_MAX_AGE_MS = Duration.ofDays(1).toMillis();

  static long urlTtlSeconds(JsonObject config) {
    return positive(config, URL_TTL_SECONDS, DEFAULT_URL_TTL_SECONDS);
  }

  static long cleanupIntervalMs(JsonObject config) {
    return positive(config, CLEANUP_INTERVAL_MS, DEFAULT_CLEANUP_INTERVAL_MS);
  }

  static long unreferencedMaxAgeMs(JsonObject config) {
    return positive(config, UNREFERENCED_MAX_AGE_MS, DEFAULT_UNREFERENCED_MAX_AGE_MS);
  }

  /** Where uploads are spooled while they arrive: {@code <data-dir>/uploads}, or the JVM's temp dir. */
  static Path spoolDir(JsonObject config) {
    String dataDir = config.getString(ConfigKeys.DATA_DIR);
    return dataDir == null || dataDir.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "confab-uploads")
        : Path.of(dataDir, "uploads");
  }

  private static long positive(JsonObject config, String key, long fallback) {
    Object value = config.getValue(key);
    long number = value == null ? fallback : Long.parseLong(String.valueOf(value));
    if (number <= 0) {
      throw new IllegalArgumentException(key + " must be positive");
    }
    return number;
  }

  private FilesConfig() {
  }
}
