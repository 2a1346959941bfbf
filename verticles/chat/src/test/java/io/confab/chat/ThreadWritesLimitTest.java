package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A node that allows no write at all, so what is counted as a write is refused whatever the timing. */
class ThreadWritesLimitTest extends ChatTestBase {

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.WRITES_PER_SECOND, 0);
  }

  @Test
  @DisplayName("following a thread counts against the per-user write limit of sends (429 before anything else is checked)")
  void followingIsAWrite() {
    User ana = user("Ana");
    String room = group(ana);

    assertError(http.put("/api/v1/rooms/" + room + "/threads/some-root/follow").putHeader("Authorization", "Bearer " + ana.token())
        .send().await(), 429, "too_many_requests");
    assertError(delete(ana, "/rooms/" + room + "/threads/some-root/follow"), 429, "too_many_requests");
    assertError(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "reply").put("clientMsgId", "c-1")
        .put("threadRoot", "some-root")), 429, "too_many_requests");
  }

  @Test
  @DisplayName("reading a thread is not a write, as reading a room is not")
  void readingIsNoWrite() {
    User ana = user("Ana");
    String room = group(ana);

    assertError(post(ana, "/rooms/" + room + "/threads/some-root/read", new JsonObject().put("seq", 1)), 404, "not_found");
    assertThat(post(ana, "/rooms/" + room + "/read", new JsonObject().put("seq", 0)).statusCode()).isEqualTo(204);
  }
}
