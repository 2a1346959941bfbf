package io.confab.contract;

/** Event-bus addresses: the bridge's public ones keep the contract's names; the rest are internal. */
public final class Addresses {

  // Requests browsers may send through the bridge (contract, "Event bus bridge").
  public static final String CHAT_SEND = "chat.send";
  public static final String CHAT_HISTORY = "chat.history";
  public static final String CHAT_SYNC = "chat.sync";
  public static final String CHAT_READ = "chat.read";
  public static final String CHAT_TYPING = "chat.typing";
  public static final String CHAT_EDIT = "chat.edit";
  public static final String CHAT_DELETE = "chat.delete";
  public static final String TRANSLATE_REQUEST = "translate.request";
  public static final String PRESENCE_QUERY = "presence.query";
  /** v1.1: {@code {room, id, emoji, on}}; also HTTP POST and DELETE .../messages/{id}/reactions. */
  public static final String CHAT_REACT = "chat.react";
  /** v1.1: {@code {room, id, on}}; also HTTP PUT and DELETE .../pins/{id}. */
  public static final String CHAT_PIN = "chat.pin";
  /** v1.1: {@code {room, id}} → {@code [{id, displayName}]}; also HTTP GET .../messages/{id}/readers. */
  public static final String CHAT_READERS = "chat.readers";
  /** v1.1: {@code {room, root, after?, limit?}} → {@code {root, messages, hasMore}}; also HTTP GET .../threads/{rootId}. */
  public static final String CHAT_THREAD = "chat.thread";
  /** v1.1: {@code {q, room?, limit?, cursor?}} → {@code {results: [{message, highlights}], cursor?}}; also HTTP GET /search. */
  public static final String SEARCH_QUERY = "search.query";

  /** Streams browsers may register for: {@code user.<userId>} and {@code room.<roomId>}. */
  public static final String USER_STREAM_PREFIX = "user.";
  public static final String ROOM_STREAM_PREFIX = "room.";

  // Requests the edge forwards from HTTP routes (docs/ARCHITECTURE.md maps each route to its address).
  public static final String AUTH_REGISTER = "auth.register";
  public static final String AUTH_VERIFY = "auth.verify";
  public static final String AUTH_RESEND = "auth.resend";
  public static final String AUTH_LOGIN = "auth.login";
  public static final String AUTH_REFRESH = "auth.refresh";
  public static final String AUTH_LOGOUT = "auth.logout";
  public static final String AUTH_TOTP_SETUP = "auth.totp.setup";
  public static final String AUTH_TOTP_ENABLE = "auth.totp.enable";
  public static final String AUTH_TOTP_DISABLE = "auth.totp.disable";
  public static final String AUTH_PASSWORD_FORGOT = "auth.password.forgot";
  public static final String AUTH_PASSWORD_RESET = "auth.password.reset";
  public static final String AUTH_PASSWORD_CHANGE = "auth.password.change";
  public static final String AUTH_SESSIONS_LIST = "auth.sessions.list";
  public static final String AUTH_SESSIONS_REVOKE = "auth.sessions.revoke";
  public static final String AUTH_ME_GET = "auth.me.get";
  public static final String AUTH_ME_UPDATE = "auth.me.update";
  public static final String AUTH_USERS_SEARCH = "auth.users.search";
  public static final String ROOMS_CREATE = "chat.rooms.create";
  public static final String ROOMS_LIST = "chat.rooms.list";
  public static final String ROOMS_GET = "chat.rooms.get";
  public static final String ROOMS_MEMBERS_ADD = "chat.rooms.members.add";
  public static final String ROOMS_MEMBERS_REMOVE = "chat.rooms.members.remove";
  public static final String ROOMS_JOIN = "chat.rooms.join";
  public static final String TRANSLATE_LANGUAGES = "translate.languages";
  /** Addition to the contract: the caller's settings of a room ({@code PATCH /api/v1/rooms/{id}/settings {muted}}). */
  public static final String ROOMS_SETTINGS = "chat.rooms.settings";
  /** Addition to the contract: public channels to browse and join ({@code GET /api/v1/channels?q=}). */
  public static final String CHANNELS_LIST = "chat.channels.list";
  /** v1.1, HTTP only: {@code {room, root, seq}}, the caller's read marker in that thread (POST .../threads/{rootId}/read). */
  public static final String CHAT_THREAD_READ = "chat.threads.read";
  /** v1.1, HTTP only: {@code {room, root, on}} (PUT and DELETE .../threads/{rootId}/follow). */
  public static final String CHAT_THREAD_FOLLOW = "chat.threads.follow";
  /** v1.1, HTTP only: {@code {limit?}} → the threads the caller follows (GET /threads). */
  public static final String CHAT_THREADS_LIST = "chat.threads.list";

  // Internal requests between verticles and the edge.
  /**
   * {@code {ids: [userId], contact?}} → {@code {users: [{id, displayName, language, email?}]}}, verified
   * users only; the email only with {@code contact: true} (internal: never reachable from clients).
   */
  public static final String AUTH_USERS_LOOKUP = "auth.users.lookup";
  /**
   * v1.1, from the files role: {@code {user, avatar: {id, url} or null}} → {@code {user, previous?}}: the
   * user's avatar is now that one (or none); {@code user} the user object as the user sees it,
   * {@code previous} the id of the avatar it replaced, for files to remove.
   */
  public static final String AUTH_AVATAR_SET = "auth.avatar.set";
  /** {@code {room}} → {@code {members: [userId]}}: what an edge checks bridge registrations against. */
  public static final String CHAT_ROOM_MEMBERS = "chat.rooms.members";
  /** {@code {id}} as the caller → the message, its room's members and kind; 404 unless the caller is a member. */
  public static final String CHAT_MESSAGE_GET = "chat.messages.get";
  /** Published by auth when a session is revoked: {@code {session}}; every edge closes its sockets at once. */
  public static final String AUTH_SESSION_REVOKED = "auth.session.revoked";
  /**
   * Published by an auth instance once it has stored a new public key in the shared key set:
   * {@code {kid, publicPem, verifyUntil}}; every edge verifies with it at once.
   */
  public static final String AUTH_KEYS_ADDED = "confab.auth.keys.added";
  /** An edge tells chat that a user came online or went offline: {@code {user, status}}. */
  public static final String CHAT_PRESENCE_CHANGED = "chat.presence.changed";
  /**
   * Auth tells chat (send: one instance) that a user's name or avatar changed: {@code {user: {id,
   * displayName, avatarUrl?}}}; chat sends a {@code profile} event to each of the user's rooms.
   */
  public static final String CHAT_PROFILE_CHANGED = "chat.profile.changed";
  /**
   * {@code {owner, fileIds: [≤10], room?, clientMsgId?}} → {@code {attachments: [{fileId, url, contentType, size,
   * name, thumbnailUrl?}]}} in the order asked; {@code invalid_request} unless every file exists and {@code owner}
   * uploaded it. With {@code room} and {@code clientMsgId} (the message about to carry them), the files record
   * that share: the room's members may read them until {@link #FILES_ATTACHMENTS_RELEASE}.
   */
  public static final String FILES_ATTACHMENTS_RESOLVE = "files.attachments.resolve";
  /** {@code {owner, room, clientMsgId}} → {@code {}}: that message is deleted, its files no longer shared by it. */
  public static final String FILES_ATTACHMENTS_RELEASE = "files.attachments.release";
  /** {@code {}} → {@code {}} wherever the files role runs: how an edge learns that uploads are offered. */
  public static final String FILES_PING = "files.ping";
  /** Published to every edge when a room's members change: {@code {room, user, member}}. */
  public static final String CHAT_MEMBERSHIP_CHANGED = "chat.membership.changed";
  /**
   * Published once per room event, to every edge: the event (a {@link StreamEvent}) with the room and its
   * members in headers ({@link Headers#ROOM}, {@link Headers#MEMBERS}); each edge writes it to its own
   * sockets registered on the room's stream and on its members' user streams.
   */
  public static final String CHAT_ROOM_EVENTS = "chat.room.events";

  /**
   * Published by chat's room owner once per batch of writes (internal): {@code {<room>: <rev>, ...,
   * states: [...]}}, each room the batch wrote and the highest rev it took there, and under
   * {@link #SEARCH_CHANGED_STATES} the message states it stored ({@code _id, room, rev, ts, text} or
   * {@code deleted}, as stored), some rooms' left out past a cap on their text; every search verticle
   * indexes those rooms' changes. The rooms stay top-level entries as in the notice before the states
   * (the revs alone), so a search node of that version, which keeps the numeric entries only, still reads it.
   */
  public static final String SEARCH_CHANGED = "confab.search.changed";
  /**
   * The key of {@link #SEARCH_CHANGED}'s states, beside its rooms: never a room id, as those are UUIDs,
   * {@code d-<user>-<user>} or {@code s-<user>} (users' ids UUIDs too), and a {@code t} is no hex digit.
   */
  public static final String SEARCH_CHANGED_STATES = "states";
  /** {@code {}} → {@code {}} wherever the search role runs and its engine works: how an edge learns that search is offered. */
  public static final String SEARCH_PING = "search.ping";
  /** Local to each node: {@code {}} → {@code {}} while its search engine works, else a failure: its health check. */
  public static final String SEARCH_HEALTH = "confab.search.health";
  /**
   * Fire and forget, to a previews worker: {@code {room, id, urls: [≤3]}}, the http/https links of a message
   * just stored or edited, whose previews the worker fetches and hands to {@link #CHAT_PREVIEWS_SET}.
   */
  public static final String PREVIEWS_FETCH = "previews.fetch";
  /**
   * {@code {room, id, urls, previews: [{url, title?, description?, siteName?}]}} → {@code {}}: the room's
   * owner sets the message's previews (a new rev, an {@code update} event) unless it was deleted or its
   * links are no longer {@code urls}. Internal: never reachable from clients.
   */
  public static final String CHAT_PREVIEWS_SET = "chat.previews.set";

  /** Asks the email verticle to send one of the contract's mails: {@code {to, template, locale, vars}} → {@code {id}}. */
  public static final String EMAIL_SEND = "email.send";
  /** In-process mode only (no broker): the email verticle hands mail jobs to the in-process mail worker here. */
  public static final String MAIL_JOBS = "mail.jobs";
  /** In-process mode only: the translation verticle hands translation jobs to the in-process worker here. */
  public static final String TRANSLATE_JOBS = "translate.jobs";

  /**
   * Local to each edge: the bridge re-addresses an accepted request here; it is forwarded with a timeout
   * and any failure (its verticle running nowhere, a timeout) answered as the contract's code.
   */
  public static final String BRIDGE_DISPATCH = "bridge.dispatch";
  /** Local to each edge: the bridge re-addresses a refused request here so the client gets a failure reply. */
  public static final String BRIDGE_REFUSED = "bridge.refused";

  /**
   * Local to each node: published (to its own local consumers only) when the node starts draining, so
   * that its bridge closes every socket while the node can still answer: clients reconnect to another
   * node, and nothing they send meets a node half stopped.
   */
  public static final String NODE_DRAINING = "confab.node.draining";

  /**
   * Published to every node when one changes the roles its node info advertises (body: its node id): the
   * others read its roles again. A role is advertised once its verticle's consumers are registered and
   * withdrawn before they unregister, so nothing is routed to a role that does not answer yet or any more.
   */
  public static final String NODE_ROLES = "confab.node.roles";

  /** Mailbox of the dev-mode mail sink, answered only where the in-process mail worker runs. */
  public static final String DEV_MAIL_LIST = "dev.mail.list";

  public static String userStream(String userId) {
    return USER_STREAM_PREFIX + userId;
  }

  public static String roomStream(String roomId) {
    return ROOM_STREAM_PREFIX + roomId;
  }

  private Addresses() {
  }
}
