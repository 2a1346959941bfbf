package io.confab.previews;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.confab.testing.LogEvents;
import io.confab.testing.TestSite;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The worker's per-node bounds, with chat's side played by a consumer of chat.previews.set. */
class PreviewLimitsTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  private final List<JsonObject> set = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private TestSite site;
  private LogEvents worker;

  @BeforeEach
  void start() {
    LocalServices.requireRedis();
    vertx = Vertx.vertx();
    site = TestSite.start(vertx);
    worker = LogEvents.of(PreviewVerticle.class);
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_PREVIEWS_SET, request -> {
      set.add(request.body());
      request.reply(new JsonObject());
    }).completion().await();
  }

  @AfterEach
  void stop() {
    worker.close();
    vertx.close().await();
  }

  private void deploy(int inFlight, int queueMax, int roomPerMinute) {
    JsonObject config = new JsonObject().put(ConfigKeys.PREVIEW_ALLOW_HOSTS, "127.0.0.1:" + site.port())
        .put(PreviewVerticle.FETCH_TIMEOUT_MS, 30_000).put(PreviewVerticle.IN_FLIGHT, inFlight).put(PreviewVerticle.QUEUE_MAX, queueMax).put(PreviewVerticle.ROOM_PER_MINUTE, roomPerMinute);
    vertx.deployVerticle(() -> new PreviewVerticle(Clock.fixed(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC)), new DeploymentOptions().setConfig(config)).await();
  }

  private String page() {
    String path = "/" + UUID.randomUUID();
    site.html(path, "<title>Page " + path + "</title>");
    return site.url(path);
  }

  private void ask(String room, String id, String... urls) {
    vertx.eventBus().send(Addresses.PREVIEWS_FETCH, new JsonObject().put("room", room).put("id", id).put("urls", new JsonArray(List.of(urls))));
  }

  @Test
  @DisplayName("links past a room's budget for the minute are dropped with one line; another room still gets its previews")
  void aRoomsBudgetPerMinute() {
    deploy(4, 100, 2);

    ask("r1", "m1", page(), page());
    ask("r1", "m2", page());
    ask("r2", "m3", page());

    Eventually.until(() -> worker.first("preview.dropped", "id", "m2").isPresent(), WITHIN, "m2 dropped");
    assertThat(worker.first("preview.dropped", "id", "m2").orElseThrow()).containsEntry("reason", "room_limit");
    Eventually.until(() -> set.size() == 2, WITHIN, "m1 and m3 set");
    assertThat(set.stream().map(s -> s.getString("id"))).containsExactlyInAnyOrder("m1", "m3");
  }

  @Test
  @DisplayName("with every fetch slot taken and the queue full, a further message is dropped with one line")
  void aFullQueueDrops() {
    deploy(1, 1, 100);
    Promise<Void> release = Promise.promise();
    String slowPath = "/slow-" + UUID.randomUUID();
    site.page(slowPath, request -> release.future().onComplete(go -> request.response().putHeader("Content-Type", "text/html")
        .end("<title>Slow</title>")));

    ask("r1", "m1", site.url(slowPath));
    Eventually.until(() -> site.hits(slowPath) == 1, WITHIN, "the one slot taken");
    ask("r1", "m2", page());
    ask("r1", "m3", page());

    Eventually.until(() -> worker.first("preview.dropped", "id", "m3").isPresent(), WITHIN, "m3 dropped");
    assertThat(worker.first("preview.dropped", "id", "m3").orElseThrow()).containsEntry("reason", "queue_full");
    release.complete();
    Eventually.until(() -> set.size() == 2, WITHIN, "m1 and m2 set");
    assertThat(set.stream().map(s -> s.getString("id"))).containsExactly("m1", "m2");
  }
}
