package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A room read whole through the contract, as a resuming client reads it: every history page from seq 0,
 * checking on the way that seqs run 1..n with no gap and no duplicate, that each message reads, and that
 * the room's {@code lastSeq} is the last message's seq (no message without its seq, no seq without its
 * message); then every page of changes from rev 0.
 */
final class RoomHistory {

  /** GET of a path under the API with the caller's token. */
  interface Reader {
    HttpResponse<String> get(String path) throws Exception;
  }

  private RoomHistory() {
  }

  static List<JsonObject> read(Reader reader, String room) throws Exception {
    HttpResponse<String> got = reader.get("/api/v1/rooms/" + room);
    assertThat(got.statusCode()).as("room %s: %s", room, got.body()).isEqualTo(200);
    long lastSeq = new JsonObject(got.body()).getLong("lastSeq");
    List<JsonObject> messages = new ArrayList<>();
    long seq = 0;
    boolean more = true;
    while (more) {
      HttpResponse<String> page = reader.get("/api/v1/rooms/" + room + "/messages?after=" + seq + "&limit=200");
      assertThat(page.statusCode()).as("history of %s after %d: %s", room, seq, page.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(page.body());
      for (Object item : answer.getJsonArray("messages")) {
        JsonObject message = (JsonObject) item;
        assertThat(message.getLong("seq")).as("the seq after %d in %s", seq, room).isEqualTo(seq + 1);
        assertThat(message.getString("id")).isNotBlank();
        assertThat(message.getJsonObject("sender").getString("id")).isNotBlank();
        assertThat(message.getBoolean("deleted", false) || message.getString("text") != null).as("text of %s", message.getString("id")).isTrue();
        seq = message.getLong("seq");
        messages.add(message);
      }
      more = answer.getBoolean("hasMore");
    }
    assertThat(seq).as("the last message of %s is the room's lastSeq", room).isEqualTo(lastSeq);
    long rev = 0;
    more = true;
    while (more) {
      HttpResponse<String> page = reader.get("/api/v1/rooms/" + room + "/changes?since=" + rev + "&limit=200");
      assertThat(page.statusCode()).as("changes of %s since %d: %s", room, rev, page.body()).isEqualTo(200);
      JsonObject answer = new JsonObject(page.body());
      assertThat(answer.getLong("rev")).as("changes of %s move forward", room).isGreaterThanOrEqualTo(rev);
      rev = answer.getLong("rev");
      more = answer.getBoolean("hasMore");
    }
    return messages;
  }
}
