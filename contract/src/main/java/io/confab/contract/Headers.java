package io.confab.contract;

/**
 * Headers the edge puts on every bus message it forwards. Whatever a client sends under these names is
 * dropped first: the verticles trust them because only the edge writes them.
 */
public final class Headers {

  /** The verified user id of the caller (absent for unauthenticated routes). */
  public static final String USER = "confab-user";
  /** The session (refresh-token family) of the caller's access token. */
  public static final String SESSION = "confab-session";
  /** The request id, also in the edge's logs and the {@code X-Request-Id} response header. */
  public static final String REQUEST_ID = "confab-request-id";
  /** The client's address, for per-address throttles. */
  public static final String CLIENT_IP = "confab-client-ip";
  /** The client's User-Agent, for the sessions list. */
  public static final String USER_AGENT = "confab-user-agent";

  /** On a reply: the HTTP status to answer when it is not the route's usual one (200 for a repeated send). */
  public static final String STATUS = "confab-status";
  /** On a {@link Addresses#CHAT_ROOM_EVENTS} event: its room's id. */
  public static final String ROOM = "confab-room";
  /** On a {@link Addresses#CHAT_ROOM_EVENTS} event: its room's members when it was published, comma-separated. */
  public static final String MEMBERS = "confab-members";

  private Headers() {
  }
}
