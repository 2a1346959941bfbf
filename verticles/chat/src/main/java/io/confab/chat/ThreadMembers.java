package io.confab.chat;

import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Who follows a thread and how far they have read it: one document per (room, root, user), as
 * Mattermost's ThreadMemberships. Besides {@code following} and the thread read marker {@code readSeq}
 * ({@code $max}: forward only), each holds the seqs of the thread's replies by others ({@code replySeqs})
 * and of those that mention its user or the room ({@code mentionSeqs}), added with the batch that stores
 * them, pruned as the marker passes them and bounded ({@link UnreadSeqs}) as {@link Reads} keeps unread
 * mentions, and the thread's {@code lastReplyAt} to list by. Listing a user's threads thus reads their own
 * documents, never counts replies.
 */
final class ThreadMembers {

  static final String COLLECTION = "thread_members";
  /** Internal field of a root (in {@code messages}), never shown: the users with a membership its replies count on. */
  static final String USERS = "threadUsers";
  private static final String REPLIES = "replySeqs";
  private static final String MENTIONS = "mentionSeqs";

  private final MongoClient mongo;

  ThreadMembers(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("user", 1).put("following", 1).put("lastReplyAt", -1),
        new IndexOptions().name("thread_members_user"));
  }

  /** One user's membership of one thread: where they have read up to, and its replies after that (others' only). */
  record Member(String room, String root, long unreadReplies, long unreadMentions) {
  }

  /**
   * The batch's new replies, as stored: the root's author follows from the first reply on (unless they
   * stopped since), the sender follows again and has read up to their reply, a member the reply names
   * follows again; every other member of the thread counts it unread, and as a mention when it names
   * them or the room. The thread's members are listed on its root ({@link #USERS}), so every write is by
   * {@code _id}: one ordered bulk write of the memberships (made before the replies are counted on them),
   * then the roots' lists, of a root only when the batch brought it new members (most replies come from
   * the thread's members: an update that changes nothing still copies the root, its replies' seqs and all,
   * on the embedded store).
   */
  Future<Void> replied(List<Messages.Stored> fresh) {
    List<JsonObject> replies = fresh.stream().map(Messages.Stored::message).filter(message -> message.getString("threadRoot") != null).toList();
    if (replies.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray rootIds = new JsonArray(replies.stream().map(reply -> reply.getString("threadRoot")).distinct().toList());
    return mongo.findWithOptions(Messages.COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", rootIds)),
        new FindOptions().setFields(new JsonObject().put("sender.id", 1).put(USERS, 1))).compose(roots -> {
          Map<String, Thread> threads = new LinkedHashMap<>();
          roots.forEach(root -> {
            List<String> listed = root.getJsonArray(USERS, new JsonArray()).stream().map(String::valueOf).toList();
            threads.put(root.getString("_id"), new Thread(root.getJsonObject("sender").getString("id"), Set.copyOf(listed),
                new LinkedHashSet<>(listed)));
          });
          List<BulkOperation> updates = new ArrayList<>();
          Set<String> counting = new LinkedHashSet<>();
          replies.stream().filter(reply -> threads.containsKey(reply.getString("threadRoot"))).forEach(reply -> {
            Thread thread = threads.get(reply.getString("threadRoot"));
            updates.addAll(counted(reply, thread));
            thread.users().forEach(user -> counting.add(key(reply.getString("room"), reply.getString("threadRoot"), user)));
          });
          return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(true))
              .compose(done -> Future.all(threads.entrySet().stream().map(thread -> listed(thread.getKey(), thread.getValue().joined())).toList()))
              .compose(done -> UnreadSeqs.trimmed(mongo, COLLECTION, counting, REPLIES, MENTIONS));
        }).mapEmpty();
  }

  /** A thread as a batch sees it: its root's author, the members its root lists, and those with the batch's new ones added. */
  private record Thread(String author, Set<String> listed, Set<String> users) {

    /** The members the batch added, which the root does not list yet. */
    List<String> joined() {
      return users.stream().filter(user -> !listed.contains(user)).toList();
    }
  }

  /** The writes one reply makes, its new members added to {@code thread}. */
  private static List<BulkOperation> counted(JsonObject reply, Thread thread) {
    String room = reply.getString("room");
    String root = reply.getString("threadRoot");
    String sender = reply.getJsonObject("sender").getString("id");
    long seq = reply.getLong("seq");
    boolean mentionsRoom = reply.getBoolean("mentionsRoom", false);
    List<String> named = reply.getJsonArray("mentions", new JsonArray()).stream().map(String::valueOf).filter(user -> !user.equals(sender)).toList();
    List<BulkOperation> updates = new ArrayList<>();
    if (!thread.author().equals(sender)) {
      updates.add(upsert(room, root, thread.author(), new JsonObject().put("$setOnInsert", new JsonObject().put("following", true))));
      thread.users().add(thread.author());
    }
    named.forEach(user -> updates.add(upsert(room, root, user, new JsonObject().put("$set", new JsonObject().put("following", true)))));
    thread.users().addAll(named);
    JsonObject unread = new JsonObject().put(REPLIES, seq);
    if (mentionsRoom) {
      unread.put(MENTIONS, seq);
    }
    List<String> others = thread.users().stream().filter(user -> !user.equals(sender)).toList();
    if (!others.isEmpty()) {
      updates.add(BulkOperation.createUpdate(ids(room, root, others),
          new JsonObject().put("$addToSet", unread).put("$max", new JsonObject().put("lastReplyAt", reply.getLong("ts"))), false, true));
    }
    if (!mentionsRoom && !named.isEmpty()) {
      updates.add(BulkOperation.createUpdate(ids(room, root, named),
          new JsonObject().put("$addToSet", new JsonObject().put(MENTIONS, seq)), false, true));
    }
    updates.add(upsert(room, root, sender, read(seq).put("$set", new JsonObject().put("following", true))
        .put("$max", new JsonObject().put("readSeq", seq).put("lastReplyAt", reply.getLong("ts")))));
    thread.users().add(sender);
    return updates;
  }

  /** The root lists {@code users} among its thread's members (never removed: one who stops following still counts replies). */
  private Future<Void> listed(String root, Collection<String> users) {
    return users.isEmpty() ? Future.succeededFuture() : mongo.updateCollection(Messages.COLLECTION, new JsonObject().put("_id", root),
        new JsonObject().put("$addToSet", new JsonObject().put(USERS, new JsonObject().put("$each", new JsonArray(List.copyOf(users)))))).mapEmpty();
  }

  /** Moves the user's thread read marker up to {@code seq} (never back); the replies it passes are read. */
  Future<Void> read(String room, String root, String user, long seq) {
    return mongo.updateCollectionWithOptions(COLLECTION, id(room, root, user),
        withIds(room, root, user, read(seq).put("$max", new JsonObject().put("readSeq", seq))), new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /** Follows or stops following; {@code lastReplyAt}: the thread's, to list it by. The user joins the root's members. */
  Future<Void> follow(String room, String root, String user, boolean on, long lastReplyAt) {
    return mongo.updateCollectionWithOptions(COLLECTION, id(room, root, user), withIds(room, root, user, new JsonObject()
            .put("$set", new JsonObject().put("following", on)).put("$max", new JsonObject().put("lastReplyAt", lastReplyAt))),
        new UpdateOptions().setUpsert(true)).compose(done -> listed(root, List.of(user)));
  }

  /** Whether {@code user} follows the thread now. */
  Future<Boolean> following(String room, String root, String user) {
    return mongo.findOne(COLLECTION, id(room, root, user), new JsonObject().put("following", 1))
        .map(member -> member != null && member.getBoolean("following", false));
  }

  /** The threads {@code user} follows in {@code rooms}, the most recent reply first, at most {@code limit}. */
  Future<List<Member>> followed(String user, Collection<String> rooms, int limit) {
    JsonObject query = new JsonObject().put("user", user).put("following", true).put("room", new JsonObject().put("$in", new JsonArray(List.copyOf(rooms))));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("lastReplyAt", -1)).setLimit(limit);
    return mongo.findWithOptions(COLLECTION, query, options).map(found -> found.stream().map(member -> {
      long readSeq = member.getLong("readSeq", 0L);
      // A seq added before the marker moved past it is pruned by the next move; counted only while unread.
      Function<String, Long> after = field -> Math.min(Limits.UNREAD_COUNTED_MAX, member.getJsonArray(field, new JsonArray()).stream()
          .filter(seq -> ((Number) seq).longValue() > readSeq).count());
      return new Member(member.getString("room"), member.getString("root"), after.apply(REPLIES), after.apply(MENTIONS));
    }).toList());
  }

  /** The marker's move: the replies and mentions up to {@code seq} leave the unread ones. */
  private static JsonObject read(long seq) {
    JsonObject passed = new JsonObject().put("$lte", seq);
    return new JsonObject().put("$pull", new JsonObject().put(REPLIES, passed).put(MENTIONS, passed.copy()));
  }

  private static BulkOperation upsert(String room, String root, String user, JsonObject update) {
    return BulkOperation.createUpdate(id(room, root, user), withIds(room, root, user, update), true, false);
  }

  /** The update with the document's fields set, so an upsert makes a whole document. */
  private static JsonObject withIds(String room, String root, String user, JsonObject update) {
    JsonObject set = update.getJsonObject("$set", new JsonObject()).put("room", room).put("root", root).put("user", user);
    return update.put("$set", set);
  }

  private static JsonObject id(String room, String root, String user) {
    return new JsonObject().put("_id", key(room, root, user));
  }

  /** The memberships of {@code users}: {@code _id $in}, which the unique {@code _id} index serves. */
  private static JsonObject ids(String room, String root, List<String> users) {
    return new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(users.stream().map(user -> key(room, root, user)).toList())));
  }

  private static String key(String room, String root, String user) {
    return room + "|" + root + "|" + user;
  }
}
