package io.confab.bridge;

import static io.confab.contract.Addresses.*;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
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
 * re-addressed to {@link io.confab.contract.Addresses#BRIDGE_UNAUTHORIZED}, whose local consumer fails
 * it with 401 {@code unauthorized}.
 */
public final class EventBusBridge implements HttpRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridge.class);

  static final List<String> INBOUND = List.of(
      CHAT_SEND, CHAT_HISTORY, CHAT_SYNC, CHAT_READ, CHAT_TYPING, CHAT_EDIT, CHAT_DELETE,
      TRANSLATE_REQUEST, PRESENCE_QUERY, BRIDGE_UNAUTHORIZED);
  static final List<String> OUTBOUND_PATTERNS = List.of("user\\.[A-Za-z0-9_-]{1,64}", "room\\.[A-Za-z0-9_-]{1,64}");

  @Override
  public void mount(Vertx vertx, Router router) {
    vertx.eventBus().localConsumer(BRIDGE_UNAUTHORIZED,
        message -> message.fail(ErrorCode.UNAUTHORIZED.status(), ErrorCode.UNAUTHORIZED.code()));
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setInboundPermitteds(INBOUND.stream().map(address -> new PermittedOptions().setAddress(address)).toList())
        .setOutboundPermitteds(OUTBOUND_PATTERNS.stream().map(regex -> new PermittedOptions().setAddressRegex(regex)).toList())
        .setMaxAddressLength(100)
        .setMaxHandlersPerSocket(1_000);
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setInsertJSESSIONID(false);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(options, this::onEvent));
  }

  private void onEvent(BridgeEvent event) {
    try {
      switch (event.type()) {
        case SEND -> authenticate(event).onComplete(user -> event.complete(true), refused -> refuseRequest(event));
        case REGISTER -> authenticate(event).onComplete(user -> event.complete(true), refused -> event.complete(false));
        // Clients have no business publishing: every contract request is a send with a reply.
        case PUBLISH -> event.complete(false);
        default -> event.complete(true);
      }
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("bridge.event.failed").addKeyValue("type", event.type()).setCause(e).log();
      event.tryComplete(false);
    }
  }

  /**
   * The user id the frame's token proves. The token check lands with accounts; until then no frame
   * carries a valid token, so every request and registration is refused.
   */
  private Future<String> authenticate(BridgeEvent event) {
    return Future.failedFuture(ContractException.of(ErrorCode.UNAUTHORIZED));
  }

  private static void refuseRequest(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    if (frame == null || frame.getString("replyAddress") == null) {
      event.complete(false);
      return;
    }
    event.setRawMessage(new JsonObject()
        .put("type", frame.getString("type"))
        .put("address", BRIDGE_UNAUTHORIZED)
        .put("replyAddress", frame.getString("replyAddress"))
        .put("body", new JsonObject()));
    event.complete(true);
  }
}
