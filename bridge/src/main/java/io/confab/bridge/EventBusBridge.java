package io.confab.bridge;

import static io.confab.contract.Addresses.*;

import io.confab.contract.ErrorCode;
import io.confab.contract.Failures;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.confab.contract.Replies;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
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
 */
public final class EventBusBridge {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

  /** The contract's requests a browser may send. */
  static final Set<String> REQUESTS = Set.of(
      CHAT_SEND, CHAT_HISTORY, CHAT_SYNC, CHAT_READ, CHAT_TYPING, CHAT_EDIT, CHAT_DELETE,
      TRANSLATE_REQUEST, PRESENCE_QUERY);
  /** What the bridge itself lets through: this handler re-addresses every request to one of these. */
  static final List<String> INBOUND = List.of(BRIDGE_DISPATCH, BRIDGE_REFUSED);
  static final List<String> OUTBOUND_PATTERNS = List.of("user\\.[A-Za-z0-9_-]{1,100}", "room\\.[A-Za-z0-9_-]{1,100}");
  private static final String TARGET_HEADER = "confab-target";

  private static final String REFUSAL_HEADER = "confab-refusal";

  private final Authenticator authenticator;
  private final Connections connections;
  private RoomMembers rooms;
  /** The user each socket proved to be, and its connection id for presence; what the outbound filter checks. */
  private final Map<SockJSSocket, Connection> sockets = new HashMap<>();

  private record Connection(String userId, String sessionId, String id) {
  }

  EventBusBridge(Authenticator authenticator, Connections connections) {
    this.authenticator = authenticator;
    this.connections = connections;
  }

  public void mount(Vertx vertx, Router router) {
    rooms = new RoomMembers(vertx);
    vertx.eventBus().<Object>localConsumer(BRIDGE_DISPATCH, request -> dispatch(vertx, request));
    // A revoked session's sockets close at once: what they registered stops, and reconnecting needs a valid token.
    vertx.eventBus().<JsonObject>consumer(AUTH_SESSION_REVOKED, revoked -> {
      String session = revoked.body().getString("session");
      sockets.entrySet().stream().filter(entry -> entry.getValue().sessionId().equals(session))
          .map(Map.Entry::getKey).toList()
          .forEach(SockJSSocket::close);
    });
    vertx.eventBus().localConsumer(BRIDGE_REFUSED, message -> Replies.fail(message,
        ErrorCode.of(message.headers().get(REFUSAL_HEADER)).orElse(ErrorCode.UNAUTHORIZED)));
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setInboundPermitteds(INBOUND.stream().map(address -> new PermittedOptions().setAddress(address)).toList())
        .setOutboundPermitteds(OUTBOUND_PATTERNS.stream().map(regex -> new PermittedOptions().setAddressRegex(regex)).toList())
        .setMaxAddressLength(128)
        .setMaxHandlersPerSocket(1_000);
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setInsertJSESSIONID(false);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(options, this::onEvent));
  }

  private void onEvent(BridgeEvent event) {
    try {
      switch (event.type()) {
        case SEND -> authenticate(event).onComplete(caller -> acceptRequest(event, caller), refused -> refuseRequest(event, refused));
        case REGISTER -> authenticate(event)
            .compose(caller -> mayRegister(caller, event))
            .onComplete(event::complete, refused -> event.complete(false));
        // Clients have no business publishing: every contract request is a send with a reply.
        case PUBLISH -> event.complete(false);
        case RECEIVE -> event.complete(mayReceive(event));
        case SOCKET_CLOSED -> {
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

  /**
   * Every frame carries the client's {@code authorization} header (the official client's defaultHeaders).
   * A socket's first valid frame makes it one of its user's connections.
   */
  private Future<Authenticator.Caller> authenticate(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    JsonObject headers = frame == null ? null : frame.getValue("headers") instanceof JsonObject h ? h : null;
    Object authorization = headers == null ? null : headers.getValue("authorization");
    return authenticator.authenticate(authorization instanceof String value ? value : null)
        .onSuccess(caller -> sockets.computeIfAbsent(event.socket(),
            socket -> new Connection(caller.userId(), caller.sessionId(), connections.opened(caller.userId()))));
  }

  /**
   * The sender is always the token's user: the client's headers are replaced by the verified ones, and
   * the request goes through this edge's dispatcher. Anything but a contract request is refused.
   */
  private static void acceptRequest(BridgeEvent event, Authenticator.Caller caller) {
    String target = event.getRawMessage().getString("address");
    if (!REQUESTS.contains(target)) {
      event.complete(false);
      return;
    }
    event.setRawMessage(event.getRawMessage().copy().put("address", BRIDGE_DISPATCH).put("headers", new JsonObject()
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
    vertx.eventBus().request(request.headers().get(TARGET_HEADER), request.body(), options)
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

  private static void refuseRequest(BridgeEvent event, Throwable refusal) {
    JsonObject frame = event.getRawMessage();
    if (frame == null || frame.getString("replyAddress") == null) {
      event.complete(false);
      return;
    }
    event.setRawMessage(new JsonObject()
        .put("type", frame.getString("type"))
        .put("address", BRIDGE_REFUSED)
        .put("replyAddress", frame.getString("replyAddress"))
        .put("headers", new JsonObject().put(REFUSAL_HEADER, Failures.toContract(refusal).error().code()))
        .put("body", new JsonObject()));
    event.complete(true);
  }
}
