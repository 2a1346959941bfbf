package io.confab.previews;

import static io.confab.contract.Addresses.CHAT_PREVIEWS_SET;
import static io.confab.contract.Addresses.PREVIEWS_FETCH;

import io.confab.base.ConfigValues;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link-preview worker (role {@code previews}). Address table:
 *
 * <ul>
 *   <li>{@code previews.fetch {room, id, urls}}, fire and forget from chat: each link's preview from the
 *       cache ({@link PreviewCache}) or fetched ({@link PageFetcher}, {@link PageMeta}), then the ones
 *       found handed to the room's owner on {@code chat.previews.set}.</li>
 * </ul>
 *
 * <p>Bounded on each node: at most {@link #IN_FLIGHT} messages fetched at once (their links one after
 * another, so as many fetches), at most {@link #QUEUE_MAX} waiting, and at most {@link #ROOM_PER_MINUTE}
 * links asked per room and minute; the rest is dropped with one log line: a preview is a nicety.
 */
public final class PreviewVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PreviewVerticle.class);

  /** Config key: messages whose links are fetched at once on this node (default 4). */
  static final String IN_FLIGHT = "preview-in-flight";
  /** Config key: messages waiting for a fetch on this node, at most (default 100). */
  static final String QUEUE_MAX = "preview-queue-max";
  /** Config key: links asked per room and minute on this node, at most (default 30). */
  static final String ROOM_PER_MINUTE = "preview-room-per-minute";
  /** Config key: a fetch's whole time, redirects included (default {@link Limits#PREVIEW_FETCH_TIMEOUT}; tests on busy machines raise it). */
  static final String FETCH_TIMEOUT_MS = "preview-fetch-timeout-ms";

  private record Job(String room, String id, List<String> urls) {
  }

  private final Deque<Job> waiting = new ArrayDeque<>();
  /** Links asked per room in the current minute ({@link #minute}). */
  private final Map<String, Integer> asked = new HashMap<>();
  private long minute;
  private int running;
  private int inFlight;
  private int queueMax;
  private int roomPerMinute;
  private PreviewCache cache;
  private PageFetcher fetcher;
  private final Clock clock;

  public PreviewVerticle() {
    this(Clock.systemUTC());
  }

  /** Tests set the time, so a minute's budget never straddles a minute's end mid-test. */
  PreviewVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    inFlight = (int) ConfigValues.number(config(), IN_FLIGHT, 4);
    queueMax = (int) ConfigValues.number(config(), QUEUE_MAX, 100);
    roomPerMinute = (int) ConfigValues.number(config(), ROOM_PER_MINUTE, 30);
    Set<String> allowHosts = Arrays.stream(ConfigValues.text(config(), ConfigKeys.PREVIEW_ALLOW_HOSTS, "").split(","))
        .map(host -> host.strip().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).collect(Collectors.toUnmodifiableSet());
    Duration timeout = Duration.ofMillis(ConfigValues.number(config(), FETCH_TIMEOUT_MS, Limits.PREVIEW_FETCH_TIMEOUT.toMillis()));
    fetcher = new PageFetcher(vertx, vertx.createHttpClient(PageFetcher.clientOptions()), allowHosts, timeout);
    cache = new PreviewCache(RedisAPI.api(Redis.createClient(vertx, StoreConfig.redis(config()))));
    return vertx.eventBus().<JsonObject>consumer(PREVIEWS_FETCH, this::requested).completion();
  }

  /** Validated and limited here; a request that does not fit is dropped, and said so once. */
  private void requested(Message<JsonObject> request) {
    JsonObject body = request.body();
    String room = body.getString("room");
    String id = body.getString("id");
    JsonArray urls = body.getJsonArray("urls", new JsonArray());
    if (room == null || id == null || urls.isEmpty()) {
      return;
    }
    long now = clock.millis() / 60_000;
    if (now != minute) {
      minute = now;
      asked.clear();
    }
    int roomAsked = asked.getOrDefault(room, 0);
    String dropped = roomAsked + urls.size() > roomPerMinute ? "room_limit" : waiting.size() >= queueMax ? "queue_full" : null;
    if (dropped != null) {
      LOG.atInfo().setMessage("preview.dropped").addKeyValue("room", room).addKeyValue("id", id).addKeyValue("reason", dropped).log();
      return;
    }
    asked.put(room, roomAsked + urls.size());
    waiting.add(new Job(room, id, urls.stream().map(String::valueOf).toList()));
    next();
  }

  private void next() {
    while (running < inFlight && !waiting.isEmpty()) {
      Job job = waiting.poll();
      running++;
      previews(job.urls()).compose(found -> handedOver(job, found))
          .onFailure(failure -> LOG.atWarn().setMessage("preview.set.failed").addKeyValue("room", job.room()).addKeyValue("id", job.id())
              .addKeyValue("error", String.valueOf(failure.getMessage())).log())
          .onComplete(done -> {
            running--;
            next();
          });
    }
  }

  /** The previews found go to the room's owner; none found is said in the log. */
  private Future<Void> handedOver(Job job, JsonArray found) {
    if (found.isEmpty()) {
      LOG.atInfo().setMessage("preview.none").addKeyValue("room", job.room()).addKeyValue("id", job.id()).log();
      return Future.succeededFuture();
    }
    JsonObject set = new JsonObject().put("room", job.room()).put("id", job.id()).put("urls", new JsonArray(job.urls())).put("previews", found);
    return vertx.eventBus().request(CHAT_PREVIEWS_SET, set).onSuccess(done -> LOG.atInfo().setMessage("preview.set")
        .addKeyValue("room", job.room()).addKeyValue("id", job.id()).addKeyValue("previews", found.size()).log()).mapEmpty();
  }

  /** The previews of {@code urls} that have one, in order, one link after another. */
  private Future<JsonArray> previews(List<String> urls) {
    List<JsonObject> found = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (String url : urls) {
      chain = chain.compose(done -> preview(url)).map(preview -> {
        if (preview != null) {
          found.add(preview);
        }
        return null;
      });
    }
    return chain.map(done -> new JsonArray(found));
  }

  /** From the cache, else fetched and cached (no preview too, for a shorter while); null when the link has none. */
  private Future<JsonObject> preview(String url) {
    return cache.get(url).compose(cached -> cached != null ? Future.succeededFuture(cached.preview())
        : fetcher.fetch(url)
            .compose(page -> vertx.executeBlocking(() -> PageMeta.preview(url, page), false))
            .otherwise(failure -> {
              // The reason, never the link (nor an error message that would name its host).
              boolean refused = failure instanceof Target.Refused;
              LOG.atInfo().setMessage(refused ? "preview.refused" : "preview.failed")
                  .addKeyValue("reason", refused ? failure.getMessage() : failure.getClass().getSimpleName()).log();
              return null;
            })
            .compose(preview -> cache.put(url, preview).map(preview)));
  }
}
