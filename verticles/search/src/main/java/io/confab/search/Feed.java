package io.confab.search;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the engine up to date with the messages, by each room's rev: every change to a message gives it
 * the room's next rev, so a room's messages with a rev above the engine's indexed rev for the room are
 * exactly what changed since, in their current state (a deleted one as deleted). Chat's notice after each
 * batch ({@code confab.search.changed}) names the rooms to look at; {@link #reconcile} compares every
 * room's {@code lastRev} with the indexed revs, at start and then now and then, in case a notice was lost
 * (a node down, a partition). Indexing is an upsert by id, so a room looked at twice indexes nothing twice.
 *
 * <p>One pass at a time: the rooms waiting are pulled together (one page of each), indexed in one call,
 * then their revs recorded; a room with more than a page left waits for the next pass.
 *
 * <p>The notice also carries the states its batch stored, each at the rev it took (a new message; an edit,
 * delete or reaction; a thread's root, whose rev moves with its summary), kept here by room and rev
 * ({@link #noted}). The rule: a room is indexed from what is kept, with no store read, only when what is
 * kept accounts for every rev from its indexed rev + 1 up to the rev heard; otherwise (a rev it does not
 * hold) the room's revs are read from the store as before. It is exact because each rev is taken by one
 * state only (the store's unique (room, rev) and held-revs indexes fence two writers) and a kept state is a
 * state the store held at that rev: the same a store lookup would have found, or an older state of a
 * message that moved on to a later rev, which is indexed in its turn (the upsert keeps the newer rev). So
 * an edit or delete in the same batch as the message's send brings two states, the later one wins; two
 * writers of one room during an ownership move each send their own revs, and a room whose revs came from
 * both is read whole from the store unless each notice continues the other; a notice out of order, or
 * one lost (a node down, a partition, a notice past its cap), leaves a rev unaccounted for, and the store
 * (or the reconcile) fills it in. A restart keeps nothing: the store serves until notices continue again.
 */
final class Feed {

  private static final Logger LOG = LoggerFactory.getLogger(Feed.class);
  static final String MESSAGES = "messages";
  static final String ROOMS = "rooms";
  /** Revs of one room in one pass (each an exact lookup), and rooms in one pass, at most. */
  static final int PAGE = 100;
  static final int ROOMS_PER_PASS = 32;
  /**
   * States, and characters of their text, kept from notices at most (about 8 MB): past either, a notice's
   * states are not kept, and its rooms are read from the store.
   */
  static final int NOTED_MAX = 10_000;
  static final int NOTED_TEXT_MAX = 4 * 1024 * 1024;
  private static final JsonObject MESSAGE_FIELDS = new JsonObject().put("_id", 1).put("room", 1).put("rev", 1).put("ts", 1)
      .put("text", 1).put("deleted", 1);

  private final MongoClient mongo;
  private final SearchEngine engine;
  /** What the engine holds: each room's indexed rev. */
  private final Map<String, Long> indexed = new HashMap<>();
  /** Rooms heard of with a rev above their indexed one, oldest first. */
  private final Map<String, Long> waiting = new LinkedHashMap<>();
  /** From the notices: by room, the states above its indexed rev, by rev, as stored. */
  private final Map<String, NavigableMap<Long, JsonObject>> noted = new HashMap<>();
  private int notedCount;
  private long notedText;
  private boolean running;
  /** Whether {@link #indexed} holds the engine's revs: until then nothing is indexed (an engine down at start). */
  private boolean known;

  Feed(MongoClient mongo, SearchEngine engine) {
    this.mongo = mongo;
    this.engine = engine;
  }

  /**
   * Learns how far the engine is. An engine out of reach does not stop the node: queries answer
   * {@code unavailable} meanwhile, and each reconcile asks again until it answers.
   */
  Future<Void> start() {
    return learn().recover(failure -> {
      LOG.atWarn().setMessage("search.engine.unreachable").addKeyValue("cause", String.valueOf(failure.getMessage())).log();
      return Future.succeededFuture();
    });
  }

  private Future<Void> learn() {
    return engine.indexedRevs().map(revs -> {
      indexed.putAll(revs);
      known = true;
      return null;
    });
  }

  /** Empties the engine: every room starts again from its first rev. */
  Future<Void> rebuild() {
    return engine.clear().map(cleared -> {
      indexed.clear();
      waiting.clear();
      noted.clear();
      notedCount = 0;
      notedText = 0;
      known = true;
      LOG.atInfo().setMessage("search.rebuild.started").log();
      return null;
    });
  }

  /**
   * Chat's notice {@code {<room>: <rev>, ..., states: [...]}} (from an earlier chat, the revs alone): its
   * numeric entries are the rooms, the states sit under a key no room id takes.
   */
  void changed(JsonObject notice) {
    List<JsonObject> states = notice.getJsonArray(Addresses.SEARCH_CHANGED_STATES, new JsonArray()).stream().map(JsonObject.class::cast).toList();
    if (notedCount + states.size() <= NOTED_MAX && notedText + states.stream().mapToLong(Feed::textLength).sum() <= NOTED_TEXT_MAX) {
      states.forEach(this::note);
    }
    notice.forEach(entry -> {
      if (entry.getValue() instanceof Number rev) {
        heard(entry.getKey(), rev.longValue());
      }
    });
    run();
  }

  /** Every room whose {@code lastRev} is above its indexed rev waits for a pass. */
  Future<Void> reconcile() {
    FindOptions fields = new FindOptions().setFields(new JsonObject().put("_id", 1).put("lastRev", 1));
    return (known ? Future.<Void>succeededFuture() : learn()).compose(learnt -> mongo.findWithOptions(ROOMS, new JsonObject(), fields)).map(rooms -> {
      rooms.forEach(room -> heard(room.getString("_id"), room.getLong("lastRev", 0L)));
      run();
      return null;
    }).onFailure(failure -> LOG.atWarn().setMessage("search.reconcile.failed")
        .addKeyValue("cause", String.valueOf(failure.getMessage())).log()).mapEmpty();
  }

  private void note(JsonObject stored) {
    String room = stored.getString("room");
    long rev = stored.getLong("rev");
    if (rev > indexed.getOrDefault(room, 0L) && noted.computeIfAbsent(room, r -> new TreeMap<>()).putIfAbsent(rev, stored) == null) {
      notedCount++;
      notedText += textLength(stored);
    }
  }

  private static long textLength(JsonObject stored) {
    return stored.getString("text", "").length();
  }

  /** The kept states of {@code room} from {@code from} to {@code to} if they account for every rev between, or null. */
  private List<JsonObject> notedRun(String room, long from, long to) {
    List<JsonObject> run = notedIn(room, from, to);
    return !run.isEmpty() && run.size() == to - from + 1 ? run : null;
  }

  /** The kept states of {@code room}'s revs {@code from..to}, in rev order. */
  private List<JsonObject> notedIn(String room, long from, long to) {
    NavigableMap<Long, JsonObject> kept = noted.get(room);
    return kept == null || from > to ? new ArrayList<>() : new ArrayList<>(kept.subMap(from, true, to, true).values());
  }

  /** The room is indexed up to {@code rev}: its states kept up to it are no longer needed. */
  private void forgetNoted(String room, long rev) {
    NavigableMap<Long, JsonObject> kept = noted.get(room);
    if (kept != null) {
      NavigableMap<Long, JsonObject> done = kept.headMap(rev, true);
      notedCount -= done.size();
      notedText -= done.values().stream().mapToLong(Feed::textLength).sum();
      done.clear();
      if (kept.isEmpty()) {
        noted.remove(room);
      }
    }
  }

  private void heard(String room, long rev) {
    if (rev > indexed.getOrDefault(room, 0L)) {
      waiting.merge(room, rev, Math::max);
    }
  }

  private void run() {
    if (running || !known || waiting.isEmpty()) {
      return;
    }
    running = true;
    Map<String, Long> rooms = new LinkedHashMap<>();
    new ArrayList<>(waiting.keySet()).subList(0, Math.min(ROOMS_PER_PASS, waiting.size()))
        .forEach(room -> rooms.put(room, waiting.remove(room)));
    pass(rooms).onComplete(done -> {
      running = false;
      if (done.failed()) {
        // The rooms are looked at again at the next notice or reconcile.
        LOG.atWarn().setMessage("search.feed.failed").addKeyValue("rooms", rooms.size())
            .addKeyValue("cause", String.valueOf(done.cause().getMessage())).log();
      } else if (waiting.isEmpty()) {
        LOG.atDebug().setMessage("search.feed.idle").log();
      }
      run();
    });
  }

  /**
   * Each room's changes, from the notices when they account for every rev up to the one heard, else one
   * page from the store, indexed together, then the rooms' revs recorded (a page's last rev even when no
   * message holds it any more: an edit moved it on); a room with more left waits for the next pass.
   */
  private Future<Void> pass(Map<String, Long> rooms) {
    Map<String, Long> revs = new HashMap<>();
    List<Future<List<JsonObject>>> pages = new ArrayList<>();
    rooms.forEach((room, upTo) -> {
      long from = indexed.getOrDefault(room, 0L) + 1;
      List<JsonObject> run = notedRun(room, from, upTo);
      if (run != null) {
        revs.put(room, upTo);
        pages.add(Future.succeededFuture(run));
        return;
      }
      long to = Math.min(upTo, from + PAGE - 1);
      revs.put(room, to);
      // The kept states of those revs too: each is one the store held (the upsert keeps the newer of two).
      List<JsonObject> kept = notedIn(room, from, to);
      pages.add(changes(room, from, to).map(found -> {
        kept.addAll(found);
        return kept;
      }));
      if (to < upTo) {
        heard(room, upTo);
      }
    });
    return Future.all(pages).compose(all -> {
      List<JsonObject> states = new ArrayList<>();
      pages.forEach(page -> page.result().forEach(stored -> states.add(state(stored))));
      return states.isEmpty() ? Future.<Void>succeededFuture() : engine.index(states);
    }).compose(done -> engine.recordRevs(revs)).map(recorded -> {
      revs.forEach((room, rev) -> {
        indexed.merge(room, rev, Math::max);
        forgetNoted(room, rev);
      });
      LOG.atDebug().setMessage("search.indexed").addKeyValue("rooms", revs.size()).log();
      return null;
    });
  }

  /**
   * The messages whose current rev is in {@code from..to}: exactly what changed in those revs, in its
   * current state (a message changed again since holds a later rev, found in its own turn). One exact
   * lookup per rev on the unique (room, rev) index, as the embedded store serves exact matches only: a
   * range query scanned every message of every room on each pass.
   */
  private Future<List<JsonObject>> changes(String room, long from, long to) {
    List<Future<JsonObject>> found = new ArrayList<>();
    for (long rev = from; rev <= to; rev++) {
      found.add(mongo.findOne(MESSAGES, new JsonObject().put("room", room).put("rev", rev), MESSAGE_FIELDS));
    }
    return Future.all(found).map(all -> found.stream().map(Future::result).filter(Objects::nonNull).toList());
  }

  /** The engine's shape of a stored message: its current state. */
  private static JsonObject state(JsonObject stored) {
    JsonObject state = new JsonObject().put("id", stored.getString("_id")).put("room", stored.getString("room"))
        .put("rev", stored.getLong("rev")).put("ts", stored.getLong("ts", 0L));
    return stored.getBoolean("deleted", false) ? state.put("deleted", true) : state.put("text", stored.getString("text", ""));
  }
}
