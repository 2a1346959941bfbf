package io.confab.bridge;

import static io.confab.contract.Addresses.*;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.base.Failures;
import io.confab.base.Replies;
import io.confab.base.StreamEvent;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.confab.edge.BusRequests;
import io.confab.presence.Connections;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SockJS event-bus bridge at /eventbus: browsers send the contract's requests and register for
 * their user and room streams. Every frame must carry {@code authorization: Bearer <token>}.
 *
 * <p>Facts this relies on (../shared/VERTX-NOTES.md): this handler runs before the bridge's permitted
 * check, so it sees every frame; every event must be completed on every path or the frame silently
 * disappears; a refused SEND gives the client no reply, so a request without a valid token is
 * re-addressed to {@link io.confab.contract.Addresses#BRIDGE_REFUSED}, whose local consumer fails it
 * with the refusal's code (401 {@code unauthorized}, or 503 when revocations cannot be checked).
 * An accepted frame's headers are replaced by the verified caller's: nothing a client writes there
 * reaches a verticle.
 *
 * <p>What the bridge lacks, this adds per socket ({@link SocketGuard}): a frame budget (past it frames
 * are refused with 429, and a socket that keeps flooding is closed); a bound on the bytes written to it
 * and not yet on the wire (a socket that stops reading is closed instead of filling the heap); and the
 * reply addresses the server sent it, since the bridge keeps one table of awaited replies for all
 * sockets: a send to {@code __vertx.reply.*} passes only from the socket that was sent that address.
 * Every refusal is counted ({@link BridgeMeters}).
 */
public final class EventBusBridge {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

  /** The contract's requests a browser may send. */
  static final Set<String> REQUESTS = Set.of(
      CHAT_SEND, CHAT_HISTORY, CHAT_SYNC, CHAT_READ, CHAT_TYPING, CHAT_EDIT, CHAT_DELETE,
      TRANSLATE_REQUEST, PRESENCE_QUERY, CHAT_REACT, CHAT_PIN, CHAT_READERS, CHAT_THREAD, SEARCH_QUERY);
  /** What the bridge itself lets through: this handler re-addresses every request to one of these. */
  static final List<String> INBOUND = List.of(BRIDGE_DISPATCH, BRIDGE_REFUSED);
  static final List<String> OUTBOUND_PATTERNS = List.of("user\\.[A-Za-z0-9_-]{1,100}", "room\\.[A-Za-z0-9_-]{1,100}");
  private static final String TARGET_HEADER = "confab-target";
  /** The type of the frames the bridge delivers to a socket. */
  private static final String RECEIVE_TYPE = "rec";
  /** Members of rooms' last events kept read, at most (about 100 bytes each). */
  private static final long MEMBERS_HELD = 200_000;

  private static final String REFUSAL_HEADER = "confab-refusal";
  /** Where the event bus sends replies: the address of a message that awaits one (VERTX-NOTES, reply hijack). */
  static final String REPLY_PREFIX = "__vertx.reply.";
  /** The frames a client sends: each one spends its socket's budget. */
  private static final Set<BridgeEventType> CLIENT_FRAMES = Set.of(
      BridgeEventType.SEND, BridgeEventType.PUBLISH, BridgeEventType.REGISTER, BridgeEventType.UNREGISTER,
      BridgeEventType.SOCKET_PING);

  private final Authenticator authenticator;
  private final Connections connections;
  private final BridgeLimits limits;
  private final BridgeMeters meters = new BridgeMeters();
  private final SockJSBridgeOptions options = new SockJSBridgeOptions();
  private Vertx vertx;
  private RoomMembers rooms;
  /** Every open socket's guard, from its creation to its close: no guard, no socket. */
  private final Map<SockJSSocket, SocketGuard> guards = new HashMap<>();
  /** The user each socket proved to be, and its connection id for presence; what the outbound filter checks. */
  private final Map<SockJSSocket, Connection> sockets = new HashMap<>();
  /** The sockets registered on each stream here, and each socket's streams: where chat's room events go. */
  private final Map<String, Set<SockJSSocket>> streams = new HashMap<>();
  private final Map<SockJSSocket, Set<String>> registered = new HashMap<>();
  /**
   * Each room's members as its last event listed them: a room's events carry the same list until it
   * changes, so it is read once, not split and hashed again for every event. Bounded by members held;
   * upkeep on the caller's thread, the edge's event loop.
   */
  private final Map<String, Members> lastMembers = Caffeine.newBuilder().maximumWeight(MEMBERS_HELD).executor(Runnable::run)
      .<String, Members>weigher((room, members) -> members.users().size()).build().asMap();

  private record Connection(String userId, String sessionId, String id) {
  }

  /** A room event's members header, read: the users and their streams' addresses. */
  private record Members(String header, Set<String> users, List<String> userStreams) {

    static Members of(String header) {
      Set<String> users = Set.copyOf(List.of(header.split(",")));
      return new Members(header, users, users.stream().map(user -> USER_STREAM_PREFIX + user).toList());
    }
  }

  EventBusBridge(Authenticator authenticator, Connections connections, BridgeLimits limits) {
    this.authenticator = authenticator;
    this.connections = connections;
    this.limits = limits;
  }

  public void mount(Vertx vertx, Router router) {
    this.vertx = vertx;
    rooms = new RoomMembers(vertx);
    vertx.eventBus().<Object>localConsumer(BRIDGE_DISPATCH, request -> dispatch(vertx, request));
    // A revoked session's sockets close at once: what they registered stops, and reconnecting needs a valid token.
    vertx.eventBus().<JsonObject>consumer(AUTH_SESSION_REVOKED, revoked -> {
      String session = revoked.body().getString("session");
      sockets.entrySet().stream().filter(entry -> entry.getValue().sessionId().equals(session))
          .map(Map.Entry::getKey).toList()
          .forEach(SockJSSocket::close);
    });
    vertx.eventBus().<StreamEvent>consumer(CHAT_ROOM_EVENTS, this::roomEvent);
    vertx.eventBus().localConsumer(NODE_DRAINING, draining -> List.copyOf(guards.entrySet())
        .forEach(open -> close(open.getKey(), open.getValue(), BridgeMeters.Close.DRAINING)));
    vertx.eventBus().localConsumer(BRIDGE_REFUSED, message -> Replies.fail(message,
        ErrorCode.of(message.headers().get(REFUSAL_HEADER)).orElse(ErrorCode.UNAUTHORIZED)));
    options
        .setInboundPermitteds(INBOUND.stream().map(address -> new PermittedOptions().setAddress(address)).toList())
        .setOutboundPermitteds(OUTBOUND_PATTERNS.stream().map(regex -> new PermittedOptions().setAddressRegex(regex)).toList())
        .setMaxAddressLength(128)
        .setMaxHandlersPerSocket(1_000);
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setInsertJSESSIONID(false);
    router.route("/eventbus/*").handler(EventBusBridge::withoutCors);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(options, this::onEvent));
  }

  /**
   * SockJS answers every origin's CORS requests, credentials allowed. The page is served from this
   * origin and needs none, and other clients are not browsers: CORS stays closed here as on every route.
   */
  private static void withoutCors(RoutingContext ctx) {
    ctx.addHeadersEndHandler(done -> ctx.response().headers()
        .remove(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
        .remove(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .remove(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)
        .remove(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS)
        .remove(HttpHeaders.ACCESS_CONTROL_MAX_AGE));
    ctx.next();
  }

  private void onEvent(BridgeEvent event) {
    try {
      if (CLIENT_FRAMES.contains(event.type()) && !withinBudget(event)) {
        return;
      }
      switch (event.type()) {
        case SOCKET_CREATED -> {
          guards.put(event.socket(), new SocketGuard(limits, options.getReplyTimeout(), System.nanoTime()));
          event.complete(true);
          // Completed, the event makes the bridge set the socket's exception handler, one that logs any
          // exception (a client's oversized frame too) as an ERROR with a stack trace: ours replaces it
          // on the next turn.
          vertx.runOnContext(later -> event.socket().exceptionHandler(failure -> onSocketException(event.socket(), failure)));
        }
        case SEND -> send(event);
        case REGISTER -> authenticate(event)
            .compose(caller -> mayRegister(caller, event))
            .onComplete(allowed -> {
              if (!allowed) {
                meters.refused(BridgeMeters.Refusal.REGISTER);
              } else {
                registered(event.socket(), event.getRawMessage().getString("address"));
              }
              event.complete(allowed);
            }, refused -> refuse(event, refused));
        case UNREGISTER -> {
          unregistered(event.socket(), event.getRawMessage() == null ? null : event.getRawMessage().getString("address"));
          event.complete(true);
        }
        // Clients have no business publishing: every contract request is a send with a reply.
        case PUBLISH -> refuse(event, BridgeMeters.Refusal.PUBLISH, ErrorCode.FORBIDDEN);
        case RECEIVE -> deliver(event);
        case SOCKET_CLOSED -> {
          guards.remove(event.socket());
          Set<String> itsStreams = registered.remove(event.socket());
          if (itsStreams != null) {
            itsStreams.forEach(stream -> unregistered(event.socket(), stream));
          }
          Connection closed = sockets.remove(event.socket());
          if (closed != null) {
            connections.closed(closed.id());
          }
          event.complete(true);
        }
        default -> event.complete(true);
      }
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("bridge.event.failed").addKeyValue("type", event.type()).setCause(e).log();
      event.tryComplete(false);
    }
  }

  /** Spends one frame of the socket's budget; refuses the frame past it, and closes a socket that keeps on. */
  private boolean withinBudget(BridgeEvent event) {
    SocketGuard guard = guards.get(event.socket());
    if (guard == null || guard.isClosing()) {
      event.complete(false);
      return false;
    }
    SocketGuard.Verdict verdict = guard.frame(System.nanoTime());
    if (verdict == SocketGuard.Verdict.ACCEPT) {
      return true;
    }
    refuse(event, BridgeMeters.Refusal.RATE, ErrorCode.TOO_MANY_REQUESTS);
    if (verdict == SocketGuard.Verdict.CLOSE) {
      close(event.socket(), guard, BridgeMeters.Close.FLOOD);
    }
    return false;
  }

  /**
   * A request to one of the contract's addresses, or a reply to a message the server sent this very
   * socket; any other send is refused, a reply to a message sent to another socket included.
   */
  private void send(BridgeEvent event) {
    String address = event.getRawMessage().getString("address");
    if (address != null && address.startsWith(REPLY_PREFIX)) {
      SocketGuard guard = guards.get(event.socket());
      if (guard == null || !guard.takeAwaitedReply(address, System.currentTimeMillis())) {
        refuse(event, BridgeMeters.Refusal.REPLY_NOT_AWAITED, ErrorCode.FORBIDDEN);
        return;
      }
      authenticate(event).onComplete(caller -> accept(event, caller, address), refused -> refuse(event, refused));
    } else if (REQUESTS.contains(address)) {
      authenticate(event).onComplete(caller -> accept(event, caller, BRIDGE_DISPATCH), refused -> refuse(event, refused));
    } else {
      refuse(event, BridgeMeters.Refusal.ADDRESS, ErrorCode.FORBIDDEN);
    }
  }

  /**
   * A delivery to a socket: withheld from a non-member or a socket being closed; otherwise written here,
   * not by the bridge, so that the bytes not yet on the wire are known, and a socket that stops reading
   * is closed before they grow (the bridge's own write would queue without bound).
   */
  private void deliver(BridgeEvent event) {
    if (!mayReceive(event)) {
      meters.dropped(BridgeMeters.Drop.NOT_MEMBER);
      event.complete(false);
      return;
    }
    JsonObject envelope = event.getRawMessage();
    written(event.socket(), frame(envelope), envelope.getValue("replyAddress") instanceof String replyAddress ? replyAddress : null);
    event.complete(false);
  }

  /**
   * Writes {@code frame} to {@code socket}, unless it is closing; a socket that stops reading is closed.
   * {@code replyAddress}: the one the frame asks the client to answer at, or null. One frame may be
   * written to many sockets: each write takes its own view of the bytes.
   */
  private void written(SockJSSocket socket, Buffer frame, String replyAddress) {
    SocketGuard guard = guards.get(socket);
    if (guard == null || guard.isClosing()) {
      meters.dropped(BridgeMeters.Drop.CLOSING);
      return;
    }
    if (socket.writeQueueFull() || !guard.mayQueue(frame.length())) {
      meters.dropped(BridgeMeters.Drop.SLOW);
      close(socket, guard, BridgeMeters.Close.SLOW);
      return;
    }
    if (replyAddress != null) {
      guard.awaitReply(replyAddress, System.currentTimeMillis());
    }
    guard.queued(frame.length());
    socket.write(frame).onComplete(done -> guard.written(frame.length()));
  }

  /**
   * One of chat's room events, published once to every edge with the room's members: written to this
   * instance's sockets on the room's stream (while their user is a member) and on the members' user
   * streams, as the bridge would have delivered a publish to each of those addresses.
   */
  private void roomEvent(Message<StreamEvent> published) {
    String room = published.headers().get(Headers.ROOM);
    String members = published.headers().get(Headers.MEMBERS);
    if (room == null || members == null || members.isEmpty()) {
      return;
    }
    Members listed = lastMembers.get(room);
    if (listed == null || !listed.header().equals(members)) {
      listed = Members.of(members);
      lastMembers.put(room, listed);
    }
    Set<String> users = listed.users();
    String roomStream = ROOM_STREAM_PREFIX + room;
    // One frame per stream, built when a socket first needs it, written to each of its sockets.
    Buffer roomFrame = null;
    // Copies: a socket too slow to take a write is closed on the spot, which unregisters its streams.
    for (SockJSSocket socket : List.copyOf(streams.getOrDefault(roomStream, Set.of()))) {
      Connection connection = sockets.get(socket);
      if (connection != null && users.contains(connection.userId())) {
        roomFrame = roomFrame != null ? roomFrame : frame(received(roomStream, published.body()));
        writtenEach(socket, roomFrame);
      } else {
        meters.dropped(BridgeMeters.Drop.NOT_MEMBER);
      }
    }
    for (String userStream : listed.userStreams()) {
      Set<SockJSSocket> listening = streams.get(userStream);
      if (listening != null) {
        Buffer userFrame = frame(received(userStream, published.body()));
        List.copyOf(listening).forEach(socket -> writtenEach(socket, userFrame));
      }
    }
  }

  /**
   * One socket of many: a socket whose connection closed before its close event came here throws on
   * write (found by bench/kill-test --graceful: the sockets after it missed the event); the others go on.
   */
  private void writtenEach(SockJSSocket socket, Buffer frame) {
    try {
      written(socket, frame, null);
    } catch (IllegalStateException closed) {
      meters.dropped(BridgeMeters.Drop.CLOSING);
    }
  }

  private static JsonObject received(String address, StreamEvent body) {
    return new JsonObject().put("type", RECEIVE_TYPE).put("address", address).put("body", body);
  }

  /** A stream the bridge registered for the socket (as many as the bridge allows it). */
  private void registered(SockJSSocket socket, String stream) {
    Set<String> its = registered.computeIfAbsent(socket, s -> new HashSet<>());
    if (stream != null && its.size() < options.getMaxHandlersPerSocket() && its.add(stream)) {
      streams.computeIfAbsent(stream, s -> new HashSet<>()).add(socket);
    }
  }

  private void unregistered(SockJSSocket socket, String stream) {
    Set<String> its = registered.get(socket);
    if (its != null) {
      its.remove(stream);
    }
    Set<SockJSSocket> listening = streams.get(stream);
    if (listening != null && listening.remove(socket) && listening.isEmpty()) {
      streams.remove(stream);
    }
  }

  /**
   * The envelope as the client reads it. A {@link StreamEvent} in its usual envelope (type, address,
   * body) goes in as the JSON it already is, with no encoder, when the address holds nothing JSON would
   * escape (as no address {@link #OUTBOUND_PATTERNS} lets through does).
   */
  private static Buffer frame(JsonObject envelope) {
    if (!(envelope.getValue("body") instanceof StreamEvent body)) {
      return Buffer.buffer(envelope.encode());
    }
    if (envelope.size() == 3 && RECEIVE_TYPE.equals(envelope.getValue("type")) && envelope.getValue("address") instanceof String address
        && plain(address)) {
      return Buffer.buffer("{\"type\":\"rec\",\"address\":\"" + address + "\",\"body\":" + body.json() + "}");
    }
    return Buffer.buffer(new JsonObject(new LinkedHashMap<>(envelope.getMap())).put("body", body.toJson()).encode());
  }

  private static boolean plain(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\' || c < ' ') {
        return false;
      }
    }
    return true;
  }

  /**
   * A frame Netty refused (over {@link Limits#BRIDGE_FRAME_MAX_BYTES}, or breaking the protocol) is the
   * client's mistake: one refusal line, and the socket closes. The connection's close is reported by the
   * close handler; anything else is the server's, logged without failing the others.
   */
  private void onSocketException(SockJSSocket socket, Throwable failure) {
    if (failure instanceof HttpClosedException) {
      return;
    }
    SocketGuard guard = guards.get(socket);
    if (failure instanceof CorruptedWebSocketFrameException && guard != null) {
      guard.closing();
      meters.closed(BridgeMeters.Close.BAD_FRAME);
      LOG.atInfo().setMessage("bridge.frame.refused").addKeyValue("reason", failure.getMessage())
          .addKeyValue("user", sockets.containsKey(socket) ? sockets.get(socket).userId() : null).log();
    } else {
      LOG.atWarn().setMessage("bridge.socket.failed").addKeyValue("error", String.valueOf(failure)).log();
    }
    socket.close();
  }

  private void close(SockJSSocket socket, SocketGuard guard, BridgeMeters.Close reason) {
    guard.closing();
    meters.closed(reason);
    LOG.atInfo().setMessage("bridge.socket.closed").addKeyValue("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("user", sockets.containsKey(socket) ? sockets.get(socket).userId() : null).log();
    socket.close();
  }

  /**
   * Every frame carries the client's {@code authorization} header (the official client's defaultHeaders).
   * A socket's first valid frame makes it one of its user's connections.
   */
  private Future<Authenticator.Caller> authenticate(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    JsonObject headers = frame == null ? null : frame.getValue("headers") instanceof JsonObject h ? h : null;
    Object authorization = headers == null ? null : headers.getValue("authorization");
    return authenticator.authenticate(authorization instanceof String value ? value : null)
        .onSuccess(caller -> {
          // A socket closed while its token was being checked stays closed: no connection to leak.
          if (guards.containsKey(event.socket())) {
            sockets.computeIfAbsent(event.socket(),
                socket -> new Connection(caller.userId(), caller.sessionId(), connections.opened(caller.userId())));
          }
        });
  }

  /**
   * The sender is always the token's user: the client's headers are replaced by the verified ones, and
   * the frame goes to {@code address} (this edge's dispatcher for a request, or the awaited reply).
   */
  private static void accept(BridgeEvent event, Authenticator.Caller caller, String address) {
    String target = event.getRawMessage().getString("address");
    event.setRawMessage(event.getRawMessage().copy().put("address", address).put("headers", new JsonObject()
        .put(Headers.USER, caller.userId())
        .put(Headers.SESSION, caller.sessionId())
        .put(TARGET_HEADER, target)));
    event.complete(true);
  }

  /** Forwards a browser's request to its verticle; a failure of any kind comes back as a contract code. */
  private static void dispatch(Vertx vertx, Message<Object> request) {
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis())
        .addHeader(Headers.USER, request.headers().get(Headers.USER))
        .addHeader(Headers.SESSION, request.headers().get(Headers.SESSION));
    BusRequests.request(vertx, request.headers().get(TARGET_HEADER), request.body(), options)
        .onComplete(reply -> request.reply(reply.body()), failure -> Replies.fail(request, failure));
  }

  /** {@code user.<id>}: only that user; {@code room.<id>}: only its members. */
  private Future<Boolean> mayRegister(Authenticator.Caller caller, BridgeEvent event) {
    String address = String.valueOf(event.getRawMessage().getString("address"));
    Future<Boolean> allowed;
    if (address.startsWith(ROOM_STREAM_PREFIX)) {
      allowed = rooms.isMember(address.substring(ROOM_STREAM_PREFIX.length()), caller.userId()).otherwise(false);
    } else {
      allowed = Future.succeededFuture(userStream(caller.userId()).equals(address));
    }
    return allowed;
  }

  /**
   * Every delivery to a socket: a room's events only while the socket's user is a member, so a removed
   * member stops receiving at once. Replies and user streams pass (a user stream has one registrant).
   */
  private boolean mayReceive(BridgeEvent event) {
    String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
    if (address == null || !address.startsWith(ROOM_STREAM_PREFIX)) {
      return true;
    }
    Connection connection = sockets.get(event.socket());
    return connection != null && rooms.knownMember(address.substring(ROOM_STREAM_PREFIX.length()), connection.userId());
  }

  /** A frame whose token was refused (401), or could not be checked (503). */
  private void refuse(BridgeEvent event, Throwable failure) {
    ErrorCode code = Failures.toContract(failure).error();
    refuse(event, code == ErrorCode.UNAUTHORIZED ? BridgeMeters.Refusal.UNAUTHORIZED : BridgeMeters.Refusal.UNAVAILABLE, code);
  }

  /**
   * Counted, then refused: a send that awaits a reply gets a failure reply with {@code code} through
   * the local {@link io.confab.contract.Addresses#BRIDGE_REFUSED} consumer; anything else only the
   * bridge's {@code rejected}.
   */
  private void refuse(BridgeEvent event, BridgeMeters.Refusal reason, ErrorCode code) {
    meters.refused(reason);
    JsonObject frame = event.getRawMessage();
    if (event.type() != BridgeEventType.SEND || frame == null || frame.getString("replyAddress") == null) {
      event.complete(false);
      return;
    }
    event.setRawMessage(new JsonObject()
        .put("type", frame.getString("type"))
        .put("address", BRIDGE_REFUSED)
        .put("replyAddress", frame.getString("replyAddress"))
        .put("headers", new JsonObject().put(REFUSAL_HEADER, code.code()))
        .put("body", new JsonObject()));
    event.complete(true);
  }
}
