package io.confab.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The owner's memory of its rooms: the newest {@link #SIZE} messages of each room this instance owns,
 * as its members see them, so that history and sync near the end (where clients resume) need no store
 * query. Only the room's writer ({@link Messages}) changes it, in its write order: new messages once
 * stored, edits and deletes once stored, the whole room built from the store (through the writer, so no
 * write of the room runs meanwhile) on the first read after ownership arrives, and dropped when ownership
 * moves or another writer is found to have written the room.
 *
 * <p>It answers only what it holds exactly, and otherwise nothing, so that the caller reads the store:
 * <ul>
 *   <li>a history page whose every seq it holds (seqs have no gap, so what lies below its oldest seq is
 *       seq 1 and up);</li>
 *   <li>a sync page when every message changed after {@code since} is held: {@code since} is at or above
 *       the highest rev of every message it does not hold ({@code floorRev}, raised as old messages leave
 *       and as messages older than it are edited);</li>
 *   <li>and only while it is as far as the room: a room whose {@code lastSeq} or {@code lastRev} is beyond
 *       it was written by someone else (a second writer during a move), so it is dropped and built
 *       again.</li>
 * </ul>
 * Accessed on the owning verticle's event loop only.
 */
final class RecentMessages {

  static final int SIZE = 200;
  /** Messages held over all rooms, at most: the rooms least recently used are dropped first (and built again when read). */
  static final long MESSAGES_MAX = 100_000;

  record Page(JsonArray messages, boolean hasMore) {
  }

  /** One room's newest messages by seq, an unbroken run up to the newest. */
  private static final class Room {
    final NavigableMap<Long, JsonObject> bySeq = new TreeMap<>();
    /** The highest rev of any message of the room not held: every message changed above it is held. */
    long floorRev;
    long topSeq;
    long topRev;
  }

  private final Cache<String, Room> rooms = Caffeine.newBuilder().maximumWeight(MESSAGES_MAX)
      .weigher((String id, Room room) -> 1 + room.bySeq.size()).executor(Runnable::run).build();

  /** Whether the room is held and as far as {@code room} (its document, as just read) says it is; a room held behind is dropped. */
  boolean holds(JsonObject room) {
    String id = room.getString("_id");
    Room held = rooms.getIfPresent(id);
    if (held == null) {
      return false;
    }
    if (held.topSeq < room.getLong("lastSeq", 0L) || held.topRev < room.getLong("lastRev", 0L)) {
      rooms.invalidate(id);
      return false;
    }
    return true;
  }

  boolean holds(String id) {
    return rooms.getIfPresent(id) != null;
  }

  /**
   * The room as the store has it: {@code newestFirst}, its newest {@link #SIZE} messages (views), and
   * {@code floorRev}, the highest rev of its older ones (0 when there are none).
   */
  void built(String id, List<JsonObject> newestFirst, long floorRev) {
    Room room = new Room();
    newestFirst.forEach(message -> room.bySeq.put(message.getLong("seq"), message));
    room.floorRev = floorRev;
    room.topSeq = room.bySeq.isEmpty() ? 0 : room.bySeq.lastKey();
    room.topRev = Math.max(floorRev, newestFirst.stream().mapToLong(message -> message.getLong("rev")).max().orElse(0));
    rooms.put(id, room);
  }

  /** New messages stored, in rising seq: they extend the room held, or, not following on from it, drop it. */
  void appended(String id, List<JsonObject> fresh) {
    Room room = rooms.getIfPresent(id);
    if (room == null || fresh.isEmpty()) {
      return;
    }
    if (fresh.get(0).getLong("seq") != room.topSeq + 1) {
      rooms.invalidate(id);
      return;
    }
    for (JsonObject message : fresh) {
      room.bySeq.put(message.getLong("seq"), message);
      room.topSeq = message.getLong("seq");
      room.topRev = Math.max(room.topRev, message.getLong("rev"));
    }
    while (room.bySeq.size() > SIZE) {
      room.floorRev = Math.max(room.floorRev, room.bySeq.pollFirstEntry().getValue().getLong("rev"));
    }
    rooms.put(id, room);
  }

  /** A message edited or deleted, as stored now (its new rev): replaced where held, else above the floor. */
  void replaced(String id, JsonObject message) {
    Room room = rooms.getIfPresent(id);
    if (room == null) {
      return;
    }
    long seq = message.getLong("seq");
    if (seq > room.topSeq) {
      rooms.invalidate(id);
      return;
    }
    if (room.bySeq.containsKey(seq)) {
      room.bySeq.put(seq, message);
    } else {
      room.floorRev = Math.max(room.floorRev, message.getLong("rev"));
    }
    room.topRev = Math.max(room.topRev, message.getLong("rev"));
  }

  /** Another writer wrote the room: what is held may miss its messages. */
  void dropped(String id) {
    rooms.invalidate(id);
  }

  /** Ownership moved: only the rooms still owned here stay. */
  void keepOnly(Predicate<String> owned) {
    rooms.asMap().keySet().removeIf(owned.negate());
  }

  /**
   * The history page as the store would answer it ({@code after}: ascending from after+1; {@code before}:
   * newest first below it; neither: the newest), or null when it is not all held.
   */
  Page page(String id, Long after, Long before, int limit) {
    Room room = rooms.getIfPresent(id);
    if (room == null) {
      return null;
    }
    long bottom = room.bySeq.isEmpty() ? 1 : room.bySeq.firstKey();
    List<JsonObject> shown = new ArrayList<>();
    if (after != null) {
      long first = after + 1;
      if (first < bottom && bottom > 1) {
        return null;
      }
      room.bySeq.tailMap(first, true).values().stream().limit(limit).forEach(shown::add);
      long last = shown.isEmpty() ? after : shown.get(shown.size() - 1).getLong("seq");
      return new Page(new JsonArray(shown), last < room.topSeq);
    }
    long first = before == null ? room.topSeq : Math.min(room.topSeq, before - 1);
    long last = Math.max(1, first - limit + 1);
    if (first >= 1 && last < bottom) {
      return null;
    }
    room.bySeq.headMap(first, true).descendingMap().values().stream().limit(limit).forEach(shown::add);
    return new Page(new JsonArray(shown), first >= 1 && last > 1);
  }

  /** The sync page as the store would answer it: every message changed after {@code since}, by rev; or null when not all are held. */
  Page changes(String id, long since, int limit) {
    Room room = rooms.getIfPresent(id);
    if (room == null || since < room.floorRev) {
      return null;
    }
    List<JsonObject> changed = room.bySeq.values().stream().filter(message -> message.getLong("rev") > since)
        .sorted(Comparator.comparingLong(message -> message.getLong("rev"))).toList();
    return new Page(new JsonArray(changed.stream().limit(limit).toList()), changed.size() > limit);
  }
}
