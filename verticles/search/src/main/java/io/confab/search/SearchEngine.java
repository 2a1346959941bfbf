package io.confab.search;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Where messages are indexed and searched: embedded Lucene on one machine ({@link LuceneEngine}), or an
 * OpenSearch cluster. Every method answers a Future and never blocks the caller's event loop.
 *
 * <p>A message given to {@link #index} is its current state as the store holds it, in the contract's
 * field names: {@code id, room, rev, ts, text} and {@code deleted: true} for a deleted one (its text gone).
 * The engine keeps each message's rev: indexing is an upsert by id that an older rev never overwrites, a
 * deleted message is no longer found (nor brought back by an older rev of it given later), and the same
 * state given twice changes nothing.
 *
 * <p>Each room's indexed rev (how far the feed has brought the room) is kept in the engine itself, so an
 * index that is wiped or lost also forgets its revs, and the feed brings it back from the start.
 */
public interface SearchEngine {

  /** Upserts these messages' current state (see above); a search asked once this is done finds them. */
  Future<Void> index(List<JsonObject> messages);

  /** The newest matches first; see {@link SearchQuery}. An empty {@code rooms} finds nothing. */
  Future<List<SearchHit>> search(SearchQuery query);

  /** Every room's indexed rev, as last {@link #recordRevs recorded}; a room never recorded is absent. */
  Future<Map<String, Long>> indexedRevs();

  /** Records these rooms' indexed revs; a rev lower than the one recorded is ignored. */
  Future<Void> recordRevs(Map<String, Long> revs);

  /** Forgets every message and every rev: the feed then indexes everything again. */
  Future<Void> clear();

  /** Succeeds while the engine can index and search; fails with the reason otherwise. */
  Future<Void> check();

  /** Releases what the engine holds (files, connections); the engine is not used after. */
  Future<Void> close();
}
