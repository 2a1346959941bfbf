package io.confab.contract;

/**
 * Node configuration keys: the contract's command-line option names ("Running a node"), and the
 * additions documented in docs/CONFIGURATION.md. The same key comes from conf/, from CONFAB_* variables
 * and from --options.
 */
public final class ConfigKeys {

  public static final String VERTICLES = "verticles";
  public static final String HTTP_PORT = "http-port";
  public static final String CLUSTER_HOST = "cluster-host";
  public static final String CLUSTER_PORT = "cluster-port";
  public static final String CLUSTER_MEMBERS = "cluster-members";
  public static final String MONGO_URI = "mongo-uri";
  public static final String REDIS_URI = "redis-uri";
  public static final String AMQP_URI = "amqp-uri";
  public static final String DATA_DIR = "data-dir";

  // Additions to the contract's options.
  /** Host the HTTP server binds (default 0.0.0.0; the URL it logs uses 127.0.0.1 then). */
  public static final String HTTP_HOST = "http-host";
  /** Port of the embedded MongoDB-compatible server when no mongo-uri is given (default 27027). */
  public static final String EMBEDDED_MONGO_PORT = "embedded-mongo-port";
  /** Name of the MongoDB database (default "confab"). */
  public static final String MONGO_DATABASE = "mongo-database";
  /** OpenSearch for the search role, http(s)://[user:password@]host:port (default: none, the embedded Lucene index). */
  public static final String SEARCH_URI = "search-uri";
  /** SMTP server of the mail worker; without smtp-host the worker delivers into the dev mailbox. */
  public static final String SMTP_HOST = "smtp-host";
  public static final String SMTP_PORT = "smtp-port";
  public static final String SMTP_USERNAME = "smtp-username";
  public static final String SMTP_PASSWORD = "smtp-password";
  public static final String SMTP_FROM = "smtp-from";
  public static final String SMTP_STARTTLS = "smtp-starttls";
  /**
   * PEM files of the ES256 key pair that signs access tokens; the public one may list several files,
   * comma-separated (the first is the private key's pair). Absent: keys are generated in memory by each
   * auth instance and shared through MongoDB.
   */
  public static final String JWT_PRIVATE_KEY = "jwt-private-key";
  public static final String JWT_PUBLIC_KEY = "jwt-public-key";
  /** Without key files: how long an auth instance signs with one generated key before it brings in the next (default 24). */
  public static final String JWT_KEY_ROTATION_HOURS = "jwt-key-rotation-hours";
  /**
   * File(s) of the key that encrypts TOTP secrets and keys the emailed codes' HMAC, comma-separated
   * (the first encrypts, all decrypt). Absent: one generated key kept in MongoDB.
   */
  public static final String SECRETS_KEY = "secrets-key";
  /** A session not refreshed for this long (days, fractions allowed; default 14) is refused at refresh. */
  public static final String SESSION_IDLE_DAYS = "session-idle-days";

  /** Apertium APY, for the translation worker (default http://127.0.0.1:2737). */
  public static final String APY_URL = "apy-url";
  /** The address people reach the platform at, for links in mails (default: the node's own URL). */
  public static final String PUBLIC_URL = "public-url";
  /** CIDRs of the proxies whose X-Forwarded-For gives the client's address (default: none, the peer's address). */
  public static final String TRUSTED_PROXIES = "trusted-proxies";
  /** Link previews on (default) or off: chat asks for none, and the previews role deploys nothing. */
  public static final String PREVIEW_ENABLED = "preview-enabled";
  /**
   * host[:port],... the link-preview worker may fetch from whatever they resolve to, on any port listed
   * (default: none). For tests only: it lifts the address policy for those hosts (docs/SECURITY.md).
   */
  public static final String PREVIEW_ALLOW_HOSTS = "preview-allow-hosts";

  /**
   * Set by the launcher from key files only: the PEM text of the token keys (the private one only for
   * the auth verticle). The public value is one PEM or an array of them, the first the private key's pair.
   */
  public static final String JWT_PUBLIC_PEM = "jwt-public-pem";
  public static final String JWT_PRIVATE_PEM = "jwt-private-pem";
  /** Set by the launcher from secrets-key files: their contents, the first the current key. */
  public static final String SECRETS_KEY_MATERIAL = "secrets-key-material";

  /** Set by the launcher: true in the one-JVM embedded default (no amqp-uri, no mongo-uri), where /dev/mail is served. */
  public static final String DEV_MODE = "dev-mode";

  private ConfigKeys() {
  }
}
