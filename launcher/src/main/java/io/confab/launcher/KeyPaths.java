package io.confab.launcher;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The paths of a unique index's keys, split once, and a document's keys found along them exactly as
 * mongo-java-server 1.47's {@code Index.getKeyValues} and {@code AbstractUniqueIndex}'s sparse rule find
 * them ({@code Utils.getSubdocumentValueCollectionAware}, {@code normalizeValue}, {@code hasSubdocumentValue}),
 * which split and join every path again for every document (most of an insert's index work).
 *
 * <p>Only for paths of plain field names ({@link #of}): a path with {@code $}, an empty name or a number
 * {@code int} cannot hold is left to the stock code, which treats those specially or refuses them.
 */
final class KeyPaths {

  private final String[][] paths;
  /** Per path and name: the list position it names when it is all digits (the sparse rule reads lists by it), else -1. */
  private final int[][] positions;

  private KeyPaths(String[][] paths, int[][] positions) {
    this.paths = paths;
    this.positions = positions;
  }

  /** The keys' paths, or null when one is not a path of plain field names. */
  static KeyPaths of(List<IndexKey> keys) {
    String[][] paths = new String[keys.size()][];
    int[][] positions = new int[keys.size()][];
    for (int k = 0; k < paths.length; k++) {
      String key = keys.get(k).getKey();
      if (key.isEmpty() || key.contains("$") || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
        return null;
      }
      paths[k] = key.split("\\.");
      positions[k] = new int[paths[k].length];
      for (int i = 0; i < paths[k].length; i++) {
        String name = paths[k][i];
        if (!name.chars().allMatch(Character::isDigit)) {
          positions[k][i] = -1;
        } else {
          try {
            positions[k][i] = Integer.parseInt(name);
          } catch (NumberFormatException tooLong) {
            return null;
          }
        }
      }
    }
    return new KeyPaths(paths, positions);
  }

  /**
   * The document's keys, normalized, one per element of the array a key reaches (none for an empty one);
   * null when two keys reach arrays, for the stock code's rules on parallel arrays to decide.
   */
  Set<KeyValue> keyValues(Document document) {
    Object[] values = new Object[paths.length];
    int array = -1;
    for (int k = 0; k < paths.length; k++) {
      values[k] = normalized(value(document, paths[k], 0));
      if (values[k] instanceof Collection) {
        if (array >= 0) {
          return null;
        }
        array = k;
      }
    }
    if (array < 0) {
      return Set.of(new KeyValue(values));
    }
    Set<KeyValue> keys = new LinkedHashSet<>();
    for (Object element : (Collection<?>) values[array]) {
      Object[] key = values.clone();
      key[array] = element;
      keys.add(new KeyValue(key));
    }
    return keys;
  }

  /** Whether no key has a value in the document: a sparse index leaves it out. */
  boolean noneIn(Document document) {
    for (int k = 0; k < paths.length; k++) {
      if (has(document, k, 0)) {
        return false;
      }
    }
    return true;
  }

  /** As {@code Utils.getSubdocumentValueCollectionAware}: through documents, and through arrays of documents gathering each one's value. */
  private static Object value(Document document, String[] path, int at) {
    Object value = document.getOrMissing(path[at]);
    if (at == path.length - 1) {
      return value;
    }
    if (value instanceof Document inner) {
      return value(inner, path, at + 1);
    }
    if (value instanceof Collection<?> elements) {
      List<Object> values = new ArrayList<>();
      for (Object element : elements) {
        Object found = element instanceof Document inner ? value(inner, path, at + 1) : Missing.getInstance();
        if (found instanceof Collection<?> many) {
          values.addAll(many);
        } else {
          values.add(found);
        }
      }
      return values;
    }
    return Missing.getInstance();
  }

  /** As {@code Utils.hasSubdocumentValue}: a name present (null too), a list position in range, through lists by position or by their documents' names. */
  private boolean has(Object container, int key, int at) {
    String name = paths[key][at];
    int position = positions[key][at];
    if (at == paths[key].length - 1) {
      if (container instanceof List<?> list) {
        return position >= 0 && position < list.size();
      }
      return container instanceof Document document && document.containsKey(name);
    }
    Object inner = Missing.getInstance();
    if (container instanceof Document document) {
      inner = document.getOrMissing(name);
    } else if (container instanceof List<?> list && position >= 0) {
      inner = position < list.size() ? list.get(position) : Missing.getInstance();
    } else if (container instanceof List<?> list) {
      List<Object> found = new ArrayList<>();
      for (Object element : list) {
        Object value = element instanceof Document document ? document.getOrMissing(name) : Missing.getInstance();
        if (!(value instanceof Missing)) {
          found.add(value);
        }
      }
      inner = found.isEmpty() ? Missing.getInstance() : found;
    }
    return (inner instanceof Document || inner instanceof List) && has(inner, key, at + 1);
  }

  /** As {@code Utils.normalizeValue}: a key's numbers compared by value (1, 1L and 1.0 one key), missing as null. */
  private static Object normalized(Object value) {
    if (Missing.isNullOrMissing(value)) {
      return null;
    }
    if (value instanceof Long whole && whole != (long) whole.doubleValue()) {
      return value;
    }
    if (value instanceof Number number) {
      double real = number.doubleValue();
      return real == -0.0 ? 0.0 : real;
    }
    if (value instanceof Map<?, ?> map) {
      Document normal = new Document();
      map.forEach((name, inner) -> normal.put((String) name, normalized(inner)));
      return normal;
    }
    if (value instanceof Collection<?> elements) {
      List<Object> normal = new ArrayList<>(elements.size());
      elements.forEach(element -> normal.add(normalized(element)));
      return normal;
    }
    return value;
  }
}
