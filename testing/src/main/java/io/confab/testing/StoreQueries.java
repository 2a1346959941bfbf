package io.confab.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a {@link TestMongo} served while recording ({@link TestMongo#recordQueries}): one {@link Query} per
 * command a collection received, that is per store round trip, with its filters' shape and its sort. A
 * test asserts with it that a path asks no scan-shaped question (on the embedded store, anything but an
 * exact match on an index reads every document of the collection under its lock), or asks none at all.
 */
public final class StoreQueries implements AutoCloseable {

  /**
   * One command: its collection, its name ({@code find}, {@code insert}, {@code update},
   * {@code findAndModify}, ...), the shape of each filter it carries (one per statement of a bulk update or
   * delete, none for an insert), every value replaced by {@code "?"}, and its sort (empty: none).
   */
  public record Query(String collection, String command, List<JsonObject> filters, JsonObject sort) {

    /** Whether one of its filters names exactly {@code fields} at its top level, whatever their values. */
    public boolean filtersBy(String... fields) {
      return filters.stream().anyMatch(filter -> filter.fieldNames().equals(Set.of(fields)));
    }

    /** Whether it sorts by {@code field}, either way. */
    public boolean sortsBy(String field) {
      return sort.containsKey(field);
    }
  }

  private final List<Query> heard = new ArrayList<>();
  /** Where its store looks for the recording under way. */
  private final AtomicReference<StoreQueries> slot;

  StoreQueries(AtomicReference<StoreQueries> slot) {
    this.slot = slot;
  }

  /** Everything served so far, in the order it came. */
  public synchronized List<Query> all() {
    return List.copyOf(heard);
  }

  /** What {@code collection} served so far. */
  public List<Query> on(String collection) {
    return all().stream().filter(query -> query.collection().equals(collection)).toList();
  }

  /** Stops recording; what was recorded stays readable. */
  @Override
  public void close() {
    slot.compareAndSet(this, null);
  }

  /** An OP_MSG command as the server received it; commands not on a collection (hello, ping, getMore) are left out. */
  synchronized void heard(Map<String, Object> command) {
    if (command.isEmpty()) {
      return;
    }
    String name = command.keySet().iterator().next();
    if (!(command.get(name) instanceof String collection)) {
      return;
    }
    heard.add(new Query(collection, name, filters(name, command), sortOf(command.get("sort"))));
  }

  private static List<JsonObject> filters(String name, Map<String, Object> command) {
    List<JsonObject> filters = new ArrayList<>();
    switch (name) {
      case "find" -> addShape(filters, command.get("filter"));
      case "count", "distinct", "findAndModify" -> addShape(filters, command.get("query"));
      case "update", "delete" -> listOf(command.get("update".equals(name) ? "updates" : "deletes"))
          .forEach(statement -> addShape(filters, ((Map<?, ?>) statement).get("q")));
      case "aggregate" -> listOf(command.get("pipeline")).forEach(stage -> addShape(filters, ((Map<?, ?>) stage).get("$match")));
      default -> {
      }
    }
    return filters;
  }

  private static List<?> listOf(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  private static void addShape(List<JsonObject> filters, Object filter) {
    if (filter instanceof Map<?, ?> map) {
      filters.add((JsonObject) shape(map));
    }
  }

  /** The filter with its values left out: documents keep their keys, lists of documents ($or, $and) their shapes. */
  private static Object shape(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject shape = new JsonObject();
      map.forEach((key, inner) -> shape.put(String.valueOf(key), shape(inner)));
      return shape;
    }
    if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)) {
      return new JsonArray(list.stream().map(StoreQueries::shape).toList());
    }
    return "?";
  }

  private static JsonObject sortOf(Object sort) {
    JsonObject order = new JsonObject();
    if (sort instanceof Map<?, ?> map) {
      map.forEach((field, direction) -> order.put(String.valueOf(field), direction instanceof Number n ? n.intValue() : String.valueOf(direction)));
    }
    return order;
  }
}
