package io.confab.presence;

import io.confab.contract.Addresses;
import io.confab.contract.RedisKeys;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge connections this edge instance holds, for presence: each is an entry in its user's Redis
 * set, scored with an expiry the edge pushes forward every {@link #HEARTBEAT_MS}. A user is online while
 * any entry is unexpired, on any node; a killed node's entries simply run out. The first connection of
 * a user and the last one closing are told to chat, which tells the user's rooms. The process's open
 * connections, every edge instance's together, are the gauge {@code confab.bridge.sockets}.
 */
public final class Connections {

  private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
  public static final long HEARTBEAT_MS = 20_000;
  /** One count for the process: the edge runs one instance per event loop, each with its own sockets. */
  private static final AtomicLong SOCKETS = new AtomicLong();

  static {
    Gauge.builder("confab.bridge.sockets", SOCKETS, AtomicLong::get)
        .description("Bridge connections open on this node (sockets that proved their user)")
        .register(Metrics.globalRegistry);
  }

  private final Vertx vertx;
  private final RedisAPI redis;
  /** connection id → user, for this instance's open sockets. */
  private final Map<String, String> open = new HashMap<>();

  public Connections(Vertx vertx, RedisAPI redis) {
    this.vertx = vertx;
    this.redis = redis;
    vertx.setPeriodic(HEARTBEAT_MS, timer -> heartbeat());
  }

  /** A socket proved its user: a new connection id for it. */
  public String opened(String userId) {
    String id = UUID.randomUUID().toString();
    open.put(id, userId);
    SOCKETS.incrementAndGet();
    String key = RedisKeys.presence(userId);
    long now = System.currentTimeMillis();
    redis.zcount(key, String.valueOf(now), "+inf")
        .compose(before -> redis.zadd(List.of(key, String.valueOf(now + RedisKeys.PRESENCE_TTL_MS), id))
            .compose(added -> redis.sadd(List.of(RedisKeys.PRESENCE_ONLINE, userId)))
            .map(done -> before.toLong() == 0))
        .onSuccess(first -> {
          if (first) {
            tell(userId, "online");
          }
        })
        .onFailure(e -> LOG.atWarn().setMessage("presence.update.failed").addKeyValue("error", e.getMessage()).log());
    return id;
  }

  public void closed(String connectionId) {
    String userId = open.remove(connectionId);
    if (userId == null) {
      return;
    }
    SOCKETS.decrementAndGet();
    String key = RedisKeys.presence(userId);
    redis.zrem(List.of(key, connectionId))
        .compose(removed -> redis.zcount(key, String.valueOf(System.currentTimeMillis()), "+inf"))
        .compose(left -> left.toLong() > 0 ? Future.succeededFuture(false)
            : redis.srem(List.of(RedisKeys.PRESENCE_ONLINE, userId)).map(removed -> removed.toLong() > 0))
        .onSuccess(last -> {
          if (last) {
            tell(userId, "offline");
          }
        })
        .onFailure(e -> LOG.atWarn().setMessage("presence.update.failed").addKeyValue("error", e.getMessage()).log());
  }

  private void heartbeat() {
    String expiry = String.valueOf(System.currentTimeMillis() + RedisKeys.PRESENCE_TTL_MS);
    open.forEach((connectionId, userId) -> redis.zadd(List.of(RedisKeys.presence(userId), "XX", expiry, connectionId)));
  }

  private void tell(String userId, String status) {
    vertx.eventBus().send(Addresses.CHAT_PRESENCE_CHANGED, new JsonObject().put("user", userId).put("status", status));
  }
}
