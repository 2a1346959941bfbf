package io.confab.contract;

/** Redis keys more than one verticle reads or writes; each names its owner's data after {@code confab:}. */
public final class RedisKeys {

  /** Present while a session's access tokens must be refused (written by auth, read by every edge). */
  public static String revokedSession(String sessionId) {
    return "confab:revoked:session:" + sessionId;
  }

  private RedisKeys() {
  }
}
