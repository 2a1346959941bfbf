package io.confab.search;

import static io.confab.contract.Addresses.CHAT_MESSAGE_GET;

import io.confab.base.Failures;
import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code search.query {q, room?, limit?, cursor?}} as the caller → {@code {results: [{message, highlights}], cursor?}}.
 *
 * <p>Membership is read at the moment of asking (the rooms whose members hold the caller), so a removed
 * member stops finding a room at once whatever the index holds. {@code room=} narrows to that room; a room
 * the caller is not in (or that does not exist) finds nothing, the same answer either way. The messages
 * answered are read back through chat ({@code chat.messages.get} as the caller): the one place that makes
 * the contract's message object, current (a just-edited text is the new one) and checked once more, so a
 * message deleted since it was indexed is left out.
 */
final class SearchRequests {

  private static final Logger LOG = LoggerFactory.getLogger(SearchRequests.class);
  private static final int ROOM_ID_MAX = 64;
  private static final int CURSOR_MAX = 200;
  /** Chat's answer for each message found. */
  private static final long CHAT_TIMEOUT_MS = 2_000;

  private final MongoClient mongo;
  private final SearchEngine engine;
  private final EventBus bus;

  SearchRequests(MongoClient mongo, SearchEngine engine, EventBus bus) {
    this.mongo = mongo;
    this.engine = engine;
    this.bus = bus;
  }

  Future<Object> query(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String q = JsonInput.string(body, "q", Limits.SEARCH_QUERY_MIN, Limits.SEARCH_QUERY_MAX);
    String room = JsonInput.optionalString(body, "room", 1, ROOM_ID_MAX);
    Long limitGiven = JsonInput.optionalLong(body, "limit", 1, Limits.SEARCH_LIMIT_MAX);
    int limit = limitGiven == null ? Limits.SEARCH_LIMIT_DEFAULT : limitGiven.intValue();
    SearchHit.Position after = SearchCursor.decode(JsonInput.optionalString(body, "cursor", 1, CURSOR_MAX));
    return memberRooms(caller, room)
        // One more than the page: whether there is a next one.
        .compose(rooms -> engine.search(new SearchQuery(q, rooms, limit + 1, after)).recover(SearchRequests::unavailable))
        .compose(hits -> {
          List<SearchHit> page = hits.subList(0, Math.min(limit, hits.size()));
          return Future.all(page.stream().map(hit -> current(hit, caller)).toList()).map(found -> {
            JsonObject answer = new JsonObject().put("results", new JsonArray(found.list().stream().filter(Objects::nonNull).toList()));
            return hits.size() > limit ? answer.put("cursor", SearchCursor.encode(page.get(page.size() - 1).position())) : answer;
          });
        });
  }

  /** The caller's rooms now (an exact match on members), narrowed to {@code room} when given. */
  private Future<Set<String>> memberRooms(String caller, String room) {
    JsonObject query = new JsonObject().put("members", caller);
    if (room != null) {
      query.put("_id", room);
    }
    return mongo.findWithOptions(Feed.ROOMS, query, new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .map(rooms -> rooms.stream().map(found -> found.getString("_id")).collect(Collectors.toSet()));
  }

  /** {@code {message, highlights}} with the message as chat shows it to the caller now, or null when gone or deleted. */
  private Future<JsonObject> current(SearchHit hit, String caller) {
    DeliveryOptions asCaller = new DeliveryOptions().addHeader(Headers.USER, caller).setSendTimeout(CHAT_TIMEOUT_MS);
    return bus.<JsonObject>request(CHAT_MESSAGE_GET, new JsonObject().put("id", hit.id()), asCaller)
        .map(reply -> {
          JsonObject message = reply.body().getJsonObject("message");
          return message.getBoolean("deleted", false) ? null
              : new JsonObject().put("message", message).put("highlights", new JsonArray(hit.highlights()));
        })
        .recover(failure -> Failures.toContract(failure).error() == ErrorCode.NOT_FOUND
            ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  private static <T> Future<T> unavailable(Throwable failure) {
    LOG.atWarn().setMessage("search.engine.failed").addKeyValue("cause", String.valueOf(failure.getMessage())).log();
    return Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
  }
}
