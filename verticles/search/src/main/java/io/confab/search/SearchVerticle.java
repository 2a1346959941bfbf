package io.confab.search;

import static io.confab.base.ConfigValues.bool;
import static io.confab.base.ConfigValues.number;
import static io.confab.contract.Addresses.SEARCH_CHANGED;
import static io.confab.contract.Addresses.SEARCH_HEALTH;
import static io.confab.contract.Addresses.SEARCH_PING;
import static io.confab.contract.Addresses.SEARCH_QUERY;

import io.confab.base.Consumers;
import io.confab.base.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Search's address table: {@code search.query} ({@link SearchRequests}), {@code search.ping} (the edge's
 * features), chat's notices of changed rooms ({@link Feed}), and this node's health check of the engine. The engine is the embedded Lucene index
 * under the data dir unless the config names another ({@link Engines}).
 */
public final class SearchVerticle extends VerticleBase {

  /** Config key: how often every room's lastRev is compared with the index, in ms (a notice may be lost). */
  public static final String RECONCILE_MS = "search-reconcile-ms";
  /** Config key: empty the index at start and index every message again ({@code --search-rebuild}). */
  public static final String REBUILD = "search-rebuild";
  private static final long DEFAULT_RECONCILE_MS = 30_000;

  private final BiFunction<Vertx, JsonObject, Future<SearchEngine>> engines;
  private SearchEngine engine;
  private Consumers consumers;

  public SearchVerticle() {
    this(Engines::open);
  }

  /** {@code engines}: opens the engine from the deployment config (tests give one of their own). */
  public SearchVerticle(BiFunction<Vertx, JsonObject, Future<SearchEngine>> engines) {
    this.engines = engines;
  }

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    return engines.apply(vertx, config()).compose(opened -> {
      engine = opened;
      Feed feed = new Feed(mongo, engine);
      SearchRequests requests = new SearchRequests(mongo, engine, vertx.eventBus());
      vertx.setPeriodic(Math.max(1, number(config(), RECONCILE_MS, DEFAULT_RECONCILE_MS)), timer -> feed.reconcile());
      return (bool(config(), REBUILD, false) ? feed.rebuild() : feed.start()).compose(started -> Future.all(List.of(
          consumers.serve(SEARCH_QUERY, requests::query),
          consumers.serve(SEARCH_PING, ping -> engine.check().map(new JsonObject())),
          vertx.eventBus().<JsonObject>localConsumer(SEARCH_HEALTH, check -> engine.check()
              .onSuccess(ok -> check.reply(new JsonObject()))
              .onFailure(down -> check.fail(503, String.valueOf(down.getMessage())))).completion(),
          vertx.eventBus().<JsonObject>consumer(SEARCH_CHANGED, notice -> feed.changed(notice.body())).completion())))
          // Once notices are heard, what happened before (while no search ran) is caught up; not waited for.
          .onSuccess(serving -> feed.reconcile());
    });
  }

  /** Queries in flight finish first; then the engine closes. */
  @Override
  public Future<?> stop() {
    return consumers.drain().eventually(() -> engine == null ? Future.succeededFuture() : engine.close());
  }
}
