package io.confab.launcher;

import io.confab.base.StoreConfig;
import io.confab.search.SearchHealth;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health: {@code ready} has one check per dependency ({@code mongo}, {@code redis},
 * {@code amqp}, {@code cluster}, and {@code search} where the search role runs: its engine) and {@code node}, which
 * goes DOWN as soon as the node starts draining;
 * {@code live} only says the process answers, so that a dependency's outage never gets pods restarted.
 * The checks use their own clients, so they see a store the way a new request would.
 */
final class NodeHealth {

  private static final Logger LOG = LoggerFactory.getLogger(NodeHealth.class);
  static final long CHECK_TIMEOUT_MS = 2_000;

  private final AtomicBoolean draining = new AtomicBoolean();
  private final HealthChecks live;
  private final HealthChecks ready;
  private final MongoClient mongo;
  private final Redis redis;
  private final RabbitMQClient amqp;

  NodeHealth(Vertx vertx, JsonObject config) {
    mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config), "confab-health");
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(StoreConfig.redisUri(config)).setMaxPoolSize(1));
    String amqpUri = config.getString(ConfigKeys.AMQP_URI);
    amqp = amqpUri == null ? null : startAmqp(vertx, amqpUri);
    live = HealthChecks.create(vertx).register("node", promise -> promise.complete(Status.OK()));
    ready = HealthChecks.create(vertx)
        .register("mongo", CHECK_TIMEOUT_MS, this::checkMongo)
        .register("redis", CHECK_TIMEOUT_MS, this::checkRedis)
        .register("amqp", CHECK_TIMEOUT_MS, this::checkAmqp)
        .register("cluster", CHECK_TIMEOUT_MS, answeringLate(ClusterHealthCheck.createProcedure(vertx)))
        .register("node", promise -> promise.complete(draining.get() ? Status.KO(new JsonObject().put("draining", true)) : Status.OK()));
    if (List.of(config.getString(ConfigKeys.VERTICLES, "").split(",")).contains("search")) {
      ready.register("search", CHECK_TIMEOUT_MS, SearchHealth.procedure(vertx, CHECK_TIMEOUT_MS));
    }
  }

  HealthChecks live() {
    return live;
  }

  HealthChecks ready() {
    return ready;
  }

  /** From now on readiness answers 503, so load balancers stop sending new work here. */
  void drain() {
    draining.set(true);
  }

  Future<Void> close() {
    List<Future<?>> closing = new java.util.ArrayList<>(List.of(mongo.close(), redis.close()));
    if (amqp != null) {
      closing.add(amqp.stop());
    }
    return Future.join(closing).mapEmpty();
  }

  /**
   * vertx-hazelcast's procedure asks Hazelcast on a worker and completes its promise when it answers,
   * which, after the check has timed out (DOWN), throws on the event loop (seen after every member loss
   * in the kill test): it gets a promise of its own, copied over only if the check still waits.
   */
  private static Handler<Promise<Status>> answeringLate(Handler<Promise<Status>> procedure) {
    return promise -> {
      Promise<Status> own = Promise.promise();
      own.future().onComplete(answer -> {
        if (answer.succeeded()) {
          promise.tryComplete(answer.result());
        } else {
          promise.tryFail(answer.cause());
        }
      });
      procedure.handle(own);
    };
  }

  /** A ping answered after the check's timeout finds its promise already completed (DOWN): hence tryComplete. */
  private void checkMongo(Promise<Status> promise) {
    mongo.runCommand("ping", new JsonObject().put("ping", 1))
        .map(Status.OK())
        .otherwise(NodeHealth::down)
        .onSuccess(promise::tryComplete);
  }

  private void checkRedis(Promise<Status> promise) {
    RedisAPI.api(redis).ping(List.of())
        .map(Status.OK())
        .otherwise(NodeHealth::down)
        .onSuccess(promise::tryComplete);
  }

  private void checkAmqp(Promise<Status> promise) {
    if (amqp == null) {
      promise.complete(Status.OK(new JsonObject().put("mode", "in-process")));
    } else {
      promise.complete(amqp.isConnected() ? Status.OK() : Status.KO());
    }
  }

  /** The broker may be down when the node starts: the client keeps reconnecting and the check reports it. */
  private static RabbitMQClient startAmqp(Vertx vertx, String uri) {
    RabbitMQClient client = RabbitMQClient.create(vertx, new RabbitMQOptions()
        .setUri(uri)
        .setAutomaticRecoveryEnabled(true)
        .setReconnectAttempts(Integer.MAX_VALUE)
        .setReconnectInterval(2_000));
    client.start().onFailure(e -> LOG.atWarn().setMessage("health.amqp.unreachable").addKeyValue("error", e.getMessage()).log());
    return client;
  }

  private static Status down(Throwable failure) {
    return Status.KO(new JsonObject().put("error", failure.getClass().getSimpleName()));
  }
}
