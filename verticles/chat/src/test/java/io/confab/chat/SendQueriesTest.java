package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.testing.StoreQueries;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a send asks of the store, recorded on the embedded store ({@link StoreQueries}): on it, any query
 * but an exact match on a unique index reads every document of the collection under its lock.
 */
class SendQueriesTest extends ChatTestBase {

  /** The owner's "highest rev" question of a room: all its messages, by rev. */
  private static final Predicate<StoreQueries.Query> HIGHEST_REV =
      query -> query.command().equals("find") && query.filtersBy("room") && query.sortsBy("rev");

  @Test
  @DisplayName("a room's first send asks no highest rev of the room's messages: a room never written has none below its counters")
  void aNewRoomsFirstSendAsksNoHighestRev() {
    User ana = user("Ana");
    String room = group(ana);

    StoreQueries queries = mongo.recordQueries();
    assertThat(send(ana, room, "first").getLong("rev")).isEqualTo(1);
    queries.close();

    List<StoreQueries.Query> asked = queries.on(Messages.COLLECTION);
    assertThat(asked).as("the send was recorded").anyMatch(query -> query.command().equals("insert"));
    assertThat(asked).noneMatch(HIGHEST_REV);
  }

  @Test
  @DisplayName("rooms that sends ask for while a read of rooms is on its way are read together, in one store question, each send given its own room")
  void roomsAskedForMeanwhileAreReadTogether() {
    User ana = user("Ana");
    List<String> rooms = IntStream.range(0, 5).mapToObj(i -> group(ana)).toList();

    StoreQueries queries = mongo.recordQueries();
    List<Future<JsonObject>> seen = seenAtOnce(rooms);
    queries.close();

    assertThat(seen).extracting(room -> room.result().getString("_id")).containsExactlyElementsOf(rooms);
    assertThat(queries.on(Rooms.COLLECTION)).as("the first alone, the four asked for meanwhile together")
        .hasSize(2).allMatch(query -> query.command().equals("find") && query.filtersBy("_id"));
  }

  @Test
  @DisplayName("a room that does not exist, read together with others, is 404 to its own send alone; a room asked for twice is given to both")
  void aMissingRoomReadWithOthersFailsItsOwnSendAlone() {
    User ana = user("Ana");
    String first = group(ana);
    String second = group(ana);

    List<Future<JsonObject>> seen = seenAtOnce(List.of(first, first, "no-such-room", second, first));

    assertThat(seen.get(2).cause()).isInstanceOfSatisfying(ContractException.class,
        refused -> assertThat(refused.error()).isEqualTo(ErrorCode.NOT_FOUND));
    assertThat(List.of(seen.get(0), seen.get(1), seen.get(3), seen.get(4))).extracting(room -> room.result().getString("_id"))
        .containsExactly(first, first, second, first);
  }

  /** Each room as a send sees it, all asked for in one turn of one context, as a chat instance's sends are. */
  private List<Future<JsonObject>> seenAtOnce(List<String> ids) {
    MongoClient direct = store();
    Rooms reads = new Rooms(direct);
    Promise<List<Future<JsonObject>>> asked = Promise.promise();
    vertx.runOnContext(now -> {
      List<Future<JsonObject>> each = ids.stream().map(reads::recentlySeen).toList();
      Future.join(each).onComplete(done -> asked.complete(each));
    });
    List<Future<JsonObject>> seen = asked.future().await();
    return seen;
  }

  @Test
  @DisplayName("a room from before the rev counter (lastSeq past 0, no counter) asks its highest rev once, and its sends go above it")
  void aRoomFromBeforeTheRevCounterAsksItsHighestRevOnce() {
    User ana = user("Ana");
    String room = group(ana);
    // As an older version left it: a message whose edit took rev 3, and the room's lastRev behind it, no counter.
    MongoClient direct = store();
    direct.insert(Messages.COLLECTION, new JsonObject().put("_id", new ObjectId().toHexString()).put("room", room).put("seq", 1L).put("rev", 3L)
        .put("sender", new JsonObject().put("id", ana.id()).put("displayName", "Ana")).put("text", "edited").put("ts", 1L)
        .put("clientMsgId", "c-old").put("attachments", new JsonArray()).put("mentions", new JsonArray())).await();
    direct.updateCollection(Rooms.COLLECTION, new JsonObject().put("_id", room),
        new JsonObject().put("$set", new JsonObject().put("lastSeq", 1L).put("lastRev", 1L))).await();

    StoreQueries queries = mongo.recordQueries();
    List<JsonObject> sent = List.of(send(ana, room, "one"), send(ana, room, "two"));
    queries.close();

    assertThat(queries.on(Messages.COLLECTION).stream().filter(HIGHEST_REV)).hasSize(1);
    assertThat(sent).extracting(message -> message.getLong("seq")).containsExactly(2L, 3L);
    assertThat(sent).extracting(message -> message.getLong("rev")).containsExactly(4L, 5L);
  }

  @Test
  @DisplayName("a message naming no one and replying in no thread writes nothing to the read markers (the room holds the sender's position) or thread memberships")
  void aPlainMessageWritesNoReadMarkersAndNoThreadMemberships() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "the room's counters loaded");

    StoreQueries queries = mongo.recordQueries();
    send(ana, room, "plain");
    queries.close();

    assertThat(queries.on(Reads.COLLECTION)).isEmpty();
    assertThat(queries.on(ThreadMembers.COLLECTION)).isEmpty();
  }

  @Test
  @DisplayName("a reply lists its thread's new members on the root, and a reply that brings none writes no list there")
  void aReplyFromTheThreadsMembersListsNoOneOnTheRoot() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");

    StoreQueries first = mongo.recordQueries();
    send(ben, room, new JsonObject().put("text", "first reply").put("threadRoot", root));
    first.close();
    StoreQueries second = mongo.recordQueries();
    send(ben, room, new JsonObject().put("text", "second reply").put("threadRoot", root));
    second.close();

    Predicate<StoreQueries.Query> rootListed = query -> query.command().equals("update") && query.filtersBy("_id");
    assertThat(first.on(Messages.COLLECTION).stream().filter(rootListed)).as("Ana and Ben listed").hasSize(1);
    assertThat(second.on(ThreadMembers.COLLECTION)).as("the reply counted").isNotEmpty();
    assertThat(second.on(Messages.COLLECTION)).noneMatch(rootListed);
  }
}
