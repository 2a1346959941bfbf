package io.confab.contract;

import java.time.Duration;

/** The contract's size limits, and the platform's own bounds that keep every input finite. */
public final class Limits {

  public static final int TEXT_MAX_CODE_POINTS = 4_000;
  public static final int DISPLAY_NAME_MIN = 1;
  public static final int DISPLAY_NAME_MAX = 64;
  public static final int ROOM_NAME_MIN = 1;
  public static final int ROOM_NAME_MAX = 100;
  public static final long UPLOAD_MAX_BYTES = 10L * 1024 * 1024;
  /** v1.1: an avatar's upload, at most (413 past it); it is stored square at each of {@link #AVATAR_SIDES} px. */
  public static final long AVATAR_MAX_BYTES = 2L * 1024 * 1024;
  public static final java.util.List<Integer> AVATAR_SIDES = java.util.List.of(128, 512);
  public static final int HISTORY_LIMIT_MAX = 200;
  public static final int SYNC_LIMIT_DEFAULT = 100;

  /** v1.1: distinct emoji on one message, then 409 {@code reaction_limit}. */
  public static final int REACTIONS_MAX = 20;
  /** v1.1: an emoji's UTF-8 bytes, at most; a {@code :name:}'s name, at most, in characters. */
  public static final int EMOJI_MAX_BYTES = 64;
  public static final int EMOJI_NAME_MAX = 32;
  /** v1.1: a custom emoji's name, as in {@code :name:} (a reaction's, and a room's uploaded emoji). */
  public static final String EMOJI_NAME_PATTERN = "[A-Za-z0-9_-]{1," + EMOJI_NAME_MAX + "}";
  /** Custom emoji (addition): a room's picture upload, at most (413 past it), stored square at this many px. */
  public static final long CUSTOM_EMOJI_MAX_BYTES = 256L * 1024;
  public static final int CUSTOM_EMOJI_SIDE = 64;
  /** Custom emoji of one room, then 409 {@code emoji_limit}. */
  public static final int CUSTOM_EMOJI_PER_ROOM_MAX = 100;
  /** v1.1: pinned messages of one room, then 409 {@code pin_limit}. */
  public static final int PINS_MAX = 50;
  /** Users one message may mention (v1.1); more given is 400 {@code invalid_request}. */
  public static final int MENTIONS_MAX = 50;
  /** Link previews (v1.1): the first this many distinct http/https links of a message. */
  public static final int PREVIEW_LINKS_MAX = 3;
  /** A link longer than this (characters) is not previewed. */
  public static final int PREVIEW_URL_MAX = 2_048;
  /** A previewed page: bytes read at most (reading stops past it, no preview), and the whole fetch's time, redirects included. */
  public static final int PREVIEW_BODY_MAX_BYTES = 512 * 1024;
  public static final Duration PREVIEW_FETCH_TIMEOUT = Duration.ofSeconds(5);
  /** Redirects a preview fetch follows, each checked again. */
  public static final int PREVIEW_REDIRECTS_MAX = 3;
  /** A preview's fields, in characters at most (longer ones are cut). */
  public static final int PREVIEW_TITLE_MAX = 200;
  public static final int PREVIEW_DESCRIPTION_MAX = 500;
  public static final int PREVIEW_SITE_NAME_MAX = 100;
  /** v1.1: the last distinct repliers a thread's summary lists as its {@code participants}. */
  public static final int THREAD_PARTICIPANTS_MAX = 10;
  /**
   * Unread mentions of a member in a room, and unread replies and mentions of a follower in a thread, are
   * counted up to this many; past it the count says this many (the newest are kept as the oldest go).
   */
  public static final int UNREAD_COUNTED_MAX = 1_000;
  /** v1.1: followed threads GET /threads answers without {@code limit}, and at most with one. */
  public static final int THREADS_LIST_DEFAULT = 20;
  public static final int THREADS_LIST_MAX = 50;

  /** v1.1: a search query's length in code points, and the results of one page (default and most). */
  public static final int SEARCH_QUERY_MIN = 1;
  public static final int SEARCH_QUERY_MAX = 200;
  public static final int SEARCH_LIMIT_DEFAULT = 20;
  public static final int SEARCH_LIMIT_MAX = 50;

  /** Members of a group or channel: bounds the fan-out of one message. */
  public static final int ROOM_MEMBERS_MAX = 1_000;
  public static final int CLIENT_MSG_ID_MAX = 64;
  /** Sends, edits, deletes, reactions, pins and thread follows per user and second, then 429. */
  public static final int WRITES_PER_SECOND = 20;
  /**
   * The bridge's form of {@code Retry-After}: a 429 over the bridge is a failure frame, which carries only
   * {@code failureCode}, {@code failureType} and {@code message} (Vert.x writes it; the official client
   * passes on no more), so its wait is this, fixed, for the socket's frame budget and the write limit alike.
   */
  public static final int BRIDGE_RETRY_AFTER_SECONDS = 1;
  /** Typing events per user and room: one every this many seconds. */
  public static final int TYPING_INTERVAL_SECONDS = 2;

  /** A JSON API body: the largest legitimate one (a 4,000-code-point message) is far below this. */
  public static final long HTTP_BODY_MAX_BYTES = 64 * 1024;
  /** A bridge frame, for the same reason. */
  public static final int BRIDGE_FRAME_MAX_BYTES = 64 * 1024;
  /** How long the edge waits for a verticle before answering 504 {@code timeout}. */
  public static final Duration BUS_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private Limits() {
  }
}
