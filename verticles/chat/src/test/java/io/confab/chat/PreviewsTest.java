package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.previews.PreviewVerticle;
import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.confab.testing.LogEvents;
import io.confab.testing.TestSite;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Link previews end to end: chat, the previews worker allowed to reach a loopback site, the edge. */
class PreviewsTest extends ChatTestBase {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  private TestSite site;
  private LogEvents worker;

  @Override
  protected void deployNode() {
    super.deployNode();
    site = TestSite.start(vertx);
    worker = LogEvents.of(PreviewVerticle.class);
    deploy(PreviewVerticle::new, config.copy().put(ConfigKeys.PREVIEW_ALLOW_HOSTS, "127.0.0.1:" + site.port())
        .put("preview-fetch-timeout-ms", 30_000), 1);
  }

  @AfterEach
  void stopListening() {
    worker.close();
  }

  /** A page of its own (the cache lives in the shared Redis across runs), with Open Graph tags. */
  private String page(String title) {
    String path = "/" + UUID.randomUUID();
    site.html(path, "<html><head><meta property='og:title' content='" + title + "'><meta property='og:site_name' content='Site'>"
        + "<meta property='og:description' content='About " + title + "'></head></html>");
    return path;
  }

  private JsonObject withPreviews(User user, String room) {
    return Eventually.value(() -> {
      JsonObject message = firstMessage(user, room);
      return message.containsKey("previews") ? message : null;
    }, WITHIN, "the message's previews");
  }

  @Test
  @DisplayName("a message's link becomes its previews with a new rev, an update on the bridge, and a sync replays it once")
  void aLinkBecomesThePreviewsWithANewRevAndAnUpdate() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String path = page("Hello page");
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      JsonObject sent = send(ana, room, "look at " + site.url(path) + " please");
      assertThat(sent.containsKey("previews")).isFalse();

      JsonObject expected = new JsonObject().put("url", site.url(path)).put("title", "Hello page").put("description", "About Hello page")
          .put("siteName", "Site");
      JsonObject update = bens.await(f -> ("room." + room).equals(f.getString("address"))
          && "update".equals(f.getJsonObject("body").getString("type")), WITHIN).getJsonObject("body");
      assertThat(update.getString("id")).isEqualTo(sent.getString("id"));
      assertThat(update.getLong("rev")).isEqualTo(2);
      assertThat(update.getJsonArray("previews")).containsExactly(expected);

      JsonObject stored = firstMessage(ben, room);
      assertThat(stored.getLong("rev")).isEqualTo(2);
      assertThat(stored.getJsonArray("previews")).containsExactly(expected);
      JsonArray changes = get(ben, "/rooms/" + room + "/changes?since=1").bodyAsJsonObject().getJsonArray("messages");
      assertThat(changes).hasSize(1);
      assertThat(changes.getJsonObject(0).getJsonArray("previews")).containsExactly(expected);
    }
  }

  @Test
  @DisplayName("a second message with the same link gets its preview from the cache: the site is asked once")
  void theCacheAnswersASecondMessage() {
    User ana = user("Ana");
    String room = group(ana);
    String path = page("Cached");
    send(ana, room, site.url(path));
    withPreviews(ana, room);

    String second = send(ana, room, "again: " + site.url(path)).getString("id");

    Eventually.until(() -> worker.first("preview.set", "id", second).isPresent(), WITHIN, "the second message's previews");
    assertThat(site.hits(path)).isEqualTo(1);
  }

  @Test
  @DisplayName("the first three distinct links are previewed, in order; a link in code is not one")
  void theFirstThreeDistinctLinks() {
    User ana = user("Ana");
    String room = group(ana);
    String[] paths = {page("One"), page("Two"), page("Three"), page("Four")};
    send(ana, room, "`" + site.url(page("Code")) + "` [one](" + site.url(paths[0]) + ") " + site.url(paths[0]) + " <" + site.url(paths[1]) + "> "
        + site.url(paths[2]) + " " + site.url(paths[3]));

    assertThat(withPreviews(ana, room).getJsonArray("previews").stream().map(p -> ((JsonObject) p).getString("title")))
        .containsExactly("One", "Two", "Three");
    assertThat(site.hits(paths[3])).isZero();
  }

  @Test
  @DisplayName("an edit drops the previews and its new link's preview follows; an edit without links keeps none")
  void anEditedMessagesPreviewsFollowItsLinks() {
    User ana = user("Ana");
    String room = group(ana);
    String id = send(ana, room, site.url(page("Before"))).getString("id");
    withPreviews(ana, room);

    JsonObject edited = patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "now " + site.url(page("After"))))
        .bodyAsJsonObject();
    assertThat(edited.containsKey("previews")).isFalse();

    Eventually.until(() -> {
      JsonArray previews = firstMessage(ana, room).getJsonArray("previews");
      return previews != null && "After".equals(previews.getJsonObject(0).getString("title"));
    }, WITHIN, "the new link's preview");
    patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "no link now"));
    assertThat(firstMessage(ana, room).containsKey("previews")).isFalse();
  }

  @Test
  @DisplayName("a message deleted while its page loads gets no previews and no new rev")
  void aDeletedMessageGetsNone() {
    User ana = user("Ana");
    String room = group(ana);
    Promise<Void> release = Promise.promise();
    String path = "/slow-" + UUID.randomUUID();
    site.page(path, (HttpServerRequest request) -> release.future().onComplete(go -> request.response()
        .putHeader("Content-Type", "text/html").end("<title>Slow</title>")));
    String id = send(ana, room, site.url(path)).getString("id");
    Eventually.until(() -> site.hits(path) == 1, WITHIN, "the worker fetching the page");

    delete(ana, "/rooms/" + room + "/messages/" + id);
    long revAfterDelete = firstMessage(ana, room).getLong("rev");
    release.complete();

    Eventually.until(() -> worker.first("preview.set", "id", id).isPresent(), WITHIN, "the worker handing the preview over");
    JsonObject message = firstMessage(ana, room);
    assertThat(message.containsKey("previews")).isFalse();
    assertThat(message.getLong("rev")).isEqualTo(revAfterDelete);
  }
}
