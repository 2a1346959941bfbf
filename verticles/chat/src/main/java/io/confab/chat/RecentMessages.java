package io.confab.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The newest {@link #SIZE} messages of each room in Redis, so that history pages near the end (where
 * clients resume) need no MongoDB query. It never disagrees with MongoDB:
 * <ul>
 *   <li>every write goes through the room owner's writer in order, marks the cache dirty before touching MongoDB and clears
 *       the mark in the same script that updates the cache; a node that dies in between leaves the
 *       mark behind;</li>
 *   <li>a read is one Lua script that answers only from a clean cache covering the whole page, and
 *       otherwise nothing, so the caller reads MongoDB (and the cache is rebuilt in the writer's order).</li>
 * </ul>
 */
final class RecentMessages {

  static final int SIZE = 200;
  private static final String TTL_SECONDS = "3600";

  /** KEYS: hash, dirty. ARGV: mode (newest|after|before), anchor, limit. Answers {more, message...} or nil. */
  private static final String READ = String.join("\n",
      "if redis.call('EXISTS', KEYS[2]) == 1 then return nil end",
      "local top = tonumber(redis.call('HGET', KEYS[1], 'top'))",
      "local bottom = tonumber(redis.call('HGET', KEYS[1], 'bottom'))",
      "if not top or not bottom then return nil end",
      "local limit = tonumber(ARGV[3])",
      "local anchor = tonumber(ARGV[2])",
      "local first, last, step, more",
      "if ARGV[1] == 'after' then",
      "  first = anchor + 1",
      "  if first < bottom then return nil end",
      "  last = math.min(top, first + limit - 1)",
      "  step = 1",
      "  more = last < top",
      "else",
      "  if ARGV[1] == 'before' then first = math.min(top, anchor - 1) else first = top end",
      "  last = math.max(1, first - limit + 1)",
      "  if last < bottom then return nil end",
      "  step = -1",
      "  more = last > 1",
      "end",
      "local answer = {more and '1' or '0'}",
      "if (step == 1 and first <= last) or (step == -1 and first >= last) then",
      "  for seq = first, last, step do",
      "    local message = redis.call('HGET', KEYS[1], tostring(seq))",
      "    if not message then return nil end",
      "    table.insert(answer, message)",
      "  end",
      "end",
      "return answer");

  /**
   * KEYS: hash, dirty of each room. ARGV per room: its count of new messages, then seq, message, ... in
   * rising seq. Appends to each room's cache what extends it, else drops that cache; clears every dirty mark.
   */
  private static final String APPEND = String.join("\n",
      "local at = 1",
      "for k = 1, #KEYS, 2 do",
      "  local hash = KEYS[k]",
      "  local n = tonumber(ARGV[at])",
      "  local first = at + 1",
      "  local last = at + 2 * n",
      "  at = last + 1",
      "  redis.call('DEL', KEYS[k + 1])",
      "  if n > 0 then",
      "    local top = tonumber(redis.call('HGET', hash, 'top'))",
      "    if not top or top ~= tonumber(ARGV[first]) - 1 then",
      "      redis.call('DEL', hash)",
      "    else",
      "      for i = first, last, 2 do redis.call('HSET', hash, ARGV[i], ARGV[i + 1]) end",
      "      local seq = tonumber(ARGV[last - 1])",
      "      redis.call('HSET', hash, 'top', tostring(seq))",
      "      local bottom = tonumber(redis.call('HGET', hash, 'bottom'))",
      "      while seq - bottom + 1 > " + SIZE + " do",
      "        redis.call('HDEL', hash, tostring(bottom))",
      "        bottom = bottom + 1",
      "      end",
      "      redis.call('HSET', hash, 'bottom', tostring(bottom))",
      "      redis.call('EXPIRE', hash, " + TTL_SECONDS + ")",
      "    end",
      "  end",
      "end",
      "return 0");

  /** KEYS: hash, dirty. ARGV: seq, message. Replaces a cached message (an edit or a delete) and clears the dirty mark. */
  private static final String REPLACE = String.join("\n",
      "redis.call('DEL', KEYS[2])",
      "if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return 1 end",
      "return 0");

  record Page(JsonArray messages, boolean hasMore) {
  }

  private final RedisAPI redis;

  RecentMessages(RedisAPI redis) {
    this.redis = redis;
  }

  /** Before a write to MongoDB, in one command for a batch's rooms: until {@link #clean}, no reader trusts their caches. */
  Future<Void> dirty(Collection<String> rooms) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> marks = new ArrayList<>();
    rooms.forEach(room -> marks.addAll(List.of(dirtyKey(room), "1")));
    return redis.mset(marks).mapEmpty();
  }

  Future<Void> clean(String room) {
    return redis.del(List.of(dirtyKey(room))).mapEmpty();
  }

  /**
   * A batch's rooms, each with its new messages in rising seq (none: only the mark is cleared), in one
   * script: one round trip for the batch, not one per room. Clears their dirty marks.
   */
  Future<Void> appended(Map<String, List<JsonObject>> byRoom) {
    if (byRoom.isEmpty()) {
      return Future.succeededFuture();
    }
    List<String> keys = new ArrayList<>();
    List<String> values = new ArrayList<>();
    byRoom.forEach((room, messages) -> {
      keys.addAll(List.of(key(room), dirtyKey(room)));
      values.add(String.valueOf(messages.size()));
      messages.forEach(message -> values.addAll(List.of(String.valueOf(message.getLong("seq")), message.encode())));
    });
    List<String> args = new ArrayList<>(List.of(APPEND, String.valueOf(keys.size())));
    args.addAll(keys);
    args.addAll(values);
    return redis.eval(args).mapEmpty();
  }

  /** Clears the dirty mark. */
  Future<Void> replaced(String room, JsonObject message) {
    return redis.eval(List.of(REPLACE, "2", key(room), dirtyKey(room), String.valueOf(message.getLong("seq")), message.encode())).mapEmpty();
  }

  /** Replaces the cache with the room's newest messages, newest first, as MongoDB has them. */
  Future<Void> rebuild(String room, List<JsonObject> newestFirst) {
    List<String> fields = new ArrayList<>(List.of(key(room)));
    long top = newestFirst.isEmpty() ? 0 : newestFirst.get(0).getLong("seq");
    long bottom = newestFirst.isEmpty() ? 1 : newestFirst.get(newestFirst.size() - 1).getLong("seq");
    fields.addAll(List.of("top", String.valueOf(top), "bottom", String.valueOf(bottom)));
    newestFirst.forEach(message -> fields.addAll(List.of(String.valueOf(message.getLong("seq")), message.encode())));
    return redis.del(List.of(key(room)))
        .compose(done -> redis.hset(fields))
        .compose(done -> redis.expire(List.of(key(room), TTL_SECONDS)))
        .compose(done -> clean(room));
  }

  /** The page from the cache, or null when the cache cannot answer it exactly. */
  Future<Page> page(String room, Long after, Long before, int limit) {
    String mode = after != null ? "after" : before != null ? "before" : "newest";
    long anchor = after != null ? after : before != null ? before : 0;
    return redis.eval(List.of(READ, "2", key(room), dirtyKey(room), mode, String.valueOf(anchor), String.valueOf(limit)))
        .map(RecentMessages::toPage);
  }

  private static Page toPage(Response answer) {
    if (answer == null || answer.size() == 0) {
      return null;
    }
    JsonArray messages = new JsonArray();
    for (int i = 1; i < answer.size(); i++) {
      messages.add(new JsonObject(answer.get(i).toString()));
    }
    return new Page(messages, "1".equals(answer.get(0).toString()));
  }

  private static String key(String room) {
    return "confab:chat:recent:" + room;
  }

  private static String dirtyKey(String room) {
    return "confab:chat:recent:" + room + ":dirty";
  }
}
