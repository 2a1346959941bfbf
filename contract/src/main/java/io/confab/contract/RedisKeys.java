package io.confab.contract;

/** Redis keys more than one verticle reads or writes; each names its owner's data after {@code confab:}. */
public final class RedisKeys {

  /** Present while a session's access tokens must be refused (written by auth, read by every edge). */
  public static String revokedSession(String sessionId) {
    return "confab:revoked:session:" + sessionId;
  }

  /** A user's open bridge connections, each scored with the time it stops counting unless refreshed. */
  public static String presence(String userId) {
    return "confab:presence:user:" + userId;
  }

  /** The users some edge has seen online, for the sweep that finds those whose node died. */
  public static final String PRESENCE_ONLINE = "confab:presence:online";

  /** How long a connection counts as open without a heartbeat from its edge. */
  public static final long PRESENCE_TTL_MS = 60_000;

  private RedisKeys() {
  }
}
