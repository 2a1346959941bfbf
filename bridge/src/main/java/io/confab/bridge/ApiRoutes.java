package io.confab.bridge;

import static io.confab.contract.Addresses.*;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.confab.edge.BusRequests;
import io.confab.edge.ClientAddress;
import io.confab.edge.RequestLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.List;
import java.util.Locale;

/**
 * The contract's HTTP API: each route is one bus request to the verticle that owns it. The edge only
 * parses, authenticates and translates; the body sent on the bus is the JSON body, then the query
 * parameters, then the path parameters (which win), so one consumer serves HTTP and the bridge alike.
 */
public final class ApiRoutes {

  /** {@code fixed}: fields the route itself sets (they win over the request's), as {@code on} for the two sides of a toggle. */
  record Endpoint(HttpMethod method, String path, String address, int status, boolean authenticated, JsonObject fixed) {
    Endpoint with(String field, Object value) {
      return new Endpoint(method, path, address, status, authenticated, fixed.copy().put(field, value));
    }
  }

  private static Endpoint open(HttpMethod method, String path, String address, int status) {
    return new Endpoint(method, path, address, status, false, new JsonObject());
  }

  private static Endpoint user(HttpMethod method, String path, String address, int status) {
    return new Endpoint(method, path, address, status, true, new JsonObject());
  }

  static final List<Endpoint> ENDPOINTS = List.of(
      open(POST, "/auth/register", AUTH_REGISTER, 201),
      open(POST, "/auth/verify", AUTH_VERIFY, 204),
      open(POST, "/auth/resend", AUTH_RESEND, 202),
      open(POST, "/auth/login", AUTH_LOGIN, 200),
      open(POST, "/auth/refresh", AUTH_REFRESH, 200),
      user(POST, "/auth/logout", AUTH_LOGOUT, 204),
      user(POST, "/auth/totp/setup", AUTH_TOTP_SETUP, 200),
      user(POST, "/auth/totp/enable", AUTH_TOTP_ENABLE, 204),
      user(POST, "/auth/totp/disable", AUTH_TOTP_DISABLE, 204),
      open(POST, "/auth/password/forgot", AUTH_PASSWORD_FORGOT, 202),
      open(POST, "/auth/password/reset", AUTH_PASSWORD_RESET, 204),
      user(POST, "/auth/password/change", AUTH_PASSWORD_CHANGE, 204),
      user(GET, "/auth/sessions", AUTH_SESSIONS_LIST, 200),
      user(DELETE, "/auth/sessions/:id", AUTH_SESSIONS_REVOKE, 204),
      user(GET, "/me", AUTH_ME_GET, 200),
      user(PATCH, "/me", AUTH_ME_UPDATE, 200),
      user(GET, "/users", AUTH_USERS_SEARCH, 200),
      user(POST, "/rooms", ROOMS_CREATE, 201),
      user(GET, "/rooms", ROOMS_LIST, 200),
      user(GET, "/rooms/:room", ROOMS_GET, 200),
      user(POST, "/rooms/:room/members", ROOMS_MEMBERS_ADD, 204),
      user(DELETE, "/rooms/:room/members/:userId", ROOMS_MEMBERS_REMOVE, 204),
      user(POST, "/rooms/:room/join", ROOMS_JOIN, 204),
      user(POST, "/rooms/:room/messages", CHAT_SEND, 201),
      user(GET, "/rooms/:room/messages", CHAT_HISTORY, 200),
      user(GET, "/rooms/:room/changes", CHAT_SYNC, 200),
      user(PATCH, "/rooms/:room/messages/:id", CHAT_EDIT, 200),
      user(DELETE, "/rooms/:room/messages/:id", CHAT_DELETE, 204),
      user(POST, "/rooms/:room/read", CHAT_READ, 204),
      user(PATCH, "/rooms/:room/settings", ROOMS_SETTINGS, 200),
      user(POST, "/rooms/:room/messages/:id/reactions", CHAT_REACT, 204).with("on", true),
      user(DELETE, "/rooms/:room/messages/:id/reactions/:emoji", CHAT_REACT, 204).with("on", false),
      user(GET, "/rooms/:room/messages/:id/readers", CHAT_READERS, 200),
      user(PUT, "/rooms/:room/pins/:id", CHAT_PIN, 204).with("on", true),
      user(DELETE, "/rooms/:room/pins/:id", CHAT_PIN, 204).with("on", false),
      user(GET, "/rooms/:room/threads/:root", CHAT_THREAD, 200),
      user(POST, "/rooms/:room/threads/:root/read", CHAT_THREAD_READ, 204),
      user(PUT, "/rooms/:room/threads/:root/follow", CHAT_THREAD_FOLLOW, 204).with("on", true),
      user(DELETE, "/rooms/:room/threads/:root/follow", CHAT_THREAD_FOLLOW, 204).with("on", false),
      user(GET, "/threads", CHAT_THREADS_LIST, 200),
      user(POST, "/messages/:messageId/translate", TRANSLATE_REQUEST, 200),
      user(GET, "/translate/languages", TRANSLATE_LANGUAGES, 200),
      user(GET, "/channels", CHANNELS_LIST, 200),
      user(GET, "/search", SEARCH_QUERY, 200));

  private static final FormRefusal FORMS = new FormRefusal();
  private static final BodyHandler BODY = BodyHandler.create(false).setBodyLimit(Limits.HTTP_BODY_MAX_BYTES);

  /** Dev mode only: the mails the in-process mail worker delivered, at {@code /dev/mail}. */
  static final Endpoint DEV_MAIL = open(GET, "/mail", DEV_MAIL_LIST, 200);

  private final boolean devMode;
  private final Authenticator authenticator;
  private final ClientAddress clientAddress;

  public ApiRoutes(boolean devMode, Authenticator authenticator, ClientAddress clientAddress) {
    this.devMode = devMode;
    this.authenticator = authenticator;
    this.clientAddress = clientAddress;
  }

  public void mount(Vertx vertx, Router router) {
    Router api = Router.router(vertx);
    api.get("/features").handler(new Features(vertx)::answer);
    ENDPOINTS.forEach(endpoint -> route(vertx, api, endpoint));
    router.route("/api/v1/*").subRouter(api);
    if (devMode) {
      Router dev = Router.router(vertx);
      route(vertx, dev, DEV_MAIL);
      router.route("/dev/*").subRouter(dev);
    }
  }

  /**
   * The API's bodies are JSON: a form (multipart or URL-encoded) is not JSON, refused {@code invalid_request}
   * as bad JSON is, before its body is read, since the body handler would decode it as a form, with
   * failures of its own for a field over its limit. Only on the endpoints' routes: a path none serves (an
   * upload path on a node without {@code files}) is 404 whatever its body, which is never read. A platform
   * handler, since Vert.x Web runs those before a route's body handler.
   */
  private static final class FormRefusal implements PlatformHandler {

    @Override
    public void handle(RoutingContext ctx) {
      String type = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
      if (type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded")) {
        ctx.fail(ContractException.of(ErrorCode.INVALID_REQUEST));
      } else {
        ctx.next();
      }
    }
  }

  private void route(Vertx vertx, Router router, Endpoint endpoint) {
    router.route(endpoint.method(), endpoint.path()).handler(FORMS).handler(BODY)
        .handler(ctx -> forward(vertx, ctx, endpoint));
  }

  private void forward(Vertx vertx, RoutingContext ctx, Endpoint endpoint) {
    JsonObject body = JsonInput.object(ctx.body().buffer());
    ctx.queryParams().forEach(param -> body.put(param.getKey(), param.getValue()));
    ctx.pathParams().forEach(body::put);
    body.mergeIn(endpoint.fixed());
    DeliveryOptions options = new DeliveryOptions()
        .setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis())
        .addHeader(Headers.REQUEST_ID, RequestLog.id(ctx))
        .addHeader(Headers.CLIENT_IP, clientAddress.of(ctx.request()));
    String userAgent = ctx.request().getHeader("User-Agent");
    if (userAgent != null) {
      options.addHeader(Headers.USER_AGENT, userAgent);
    }
    authenticate(ctx, endpoint)
        .map(caller -> caller == null ? options
            : options.addHeader(Headers.USER, caller.userId()).addHeader(Headers.SESSION, caller.sessionId()))
        .compose(delivery -> BusRequests.<Object>request(vertx, endpoint.address(), body, delivery))
        .onSuccess(reply -> answer(ctx, endpoint, reply))
        .onFailure(ctx::fail);
  }

  /** The verified caller of a protected route; null for open routes, whatever token they carry. */
  private Future<Authenticator.Caller> authenticate(RoutingContext ctx, Endpoint endpoint) {
    return endpoint.authenticated()
        ? authenticator.authenticateWithStore(ctx.request().getHeader("Authorization"))
        : Future.succeededFuture();
  }

  private static void answer(RoutingContext ctx, Endpoint endpoint, Message<Object> reply) {
    String given = reply.headers().get(Headers.STATUS);
    int status = given == null ? endpoint.status() : Integer.parseInt(given);
    ctx.response().setStatusCode(status);
    Object body = reply.body();
    if (status != 204 && (body instanceof JsonObject || body instanceof JsonArray)) {
      ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
    } else {
      ctx.response().end();
    }
  }
}
