package io.confab.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of what a hostile or broken client sends: JSON values of the wrong type, operators
 * where strings belong, boundary lengths in code points, lone surrogates, huge and deep documents,
 * negative and huge numbers, missing and extra fields, bad ids; and raw bodies that are not JSON at all
 * (invalid UTF-8, truncated, oversize).
 */
final class HostileInput {

  /** The contract's text limit, and one more. */
  static final int TEXT_MAX = 4_000;
  private static final String ASTRAL = "\uD83D\uDE00"; // one code point, two UTF-16 units, four UTF-8 bytes

  private HostileInput() {
  }

  // ---- values ------------------------------------------------------------------------------------------

  /** Strings a field may meet: random Unicode, boundaries, surrogates, controls, injections. */
  static Arbitrary<String> strings() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().ofMinLength(0).ofMaxLength(40)),
        Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(70)),
        Tuple.of(1, Arbitraries.of("", " ", "\t\n", "\u0000", "\u202Eevil", "\u200B", "null", "undefined", "0", "-1",
            "../../../etc/passwd", "%00", "$gt", "{\"$gt\":\"\"}", "'; DROP TABLE users; --", "<script>alert(1)</script>",
            "\uD800", "\uDC00", "a\uD800b", "\uDBFF\uDFFF", "\uFFFE", "\uFEFFbom", ASTRAL)),
        Tuple.of(1, Arbitraries.of(repeat("x", TEXT_MAX), repeat("x", TEXT_MAX + 1), repeat(ASTRAL, TEXT_MAX),
            repeat(ASTRAL, TEXT_MAX + 1), repeat("e\u0301", TEXT_MAX / 2), repeat("y", 64), repeat("y", 65),
            repeat("z", 100), repeat("z", 101), repeat("w", 1_025))));
  }

  static Arbitrary<Object> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 0.5, -0.0, 1e308, -1e308,
            Double.MIN_VALUE, new BigInteger("123456789012345678901234567890"), new BigDecimal("1e400")).map(Object.class::cast),
        Arbitraries.longs().map(Object.class::cast),
        Arbitraries.integers().between(-5, 250).map(Object.class::cast));
  }

  /** Emoji a reaction may name within the contract's limits: graphemes of one and several code points, and {@code :name:}s. */
  static final List<String> EMOJI = List.of("\uD83D\uDC4D", "\u2764\uFE0F", "\uD83D\uDC4D\uD83C\uDFFD",
      "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDEA\uD83C\uDDF8", ":party_parrot:", ":a-1:");

  /** Reactions' emoji: valid ones, each limit and one past it (64 bytes, 32-character names), two graphemes, broken names, anything. */
  static Arbitrary<String> emojis() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(EMOJI)),
        Tuple.of(2, Arbitraries.strings().withChars("abcXYZ019_-").ofMinLength(0).ofMaxLength(34).map(name -> ":" + name + ":")),
        Tuple.of(1, Arbitraries.of("", ":", "::", ":a", "a:", ":na\u00EFve:", ":a b:", ":+1:", "\uD83D\uDC4D\uD83D\uDC4D", "e\u0301",
            repeat("\uD83D\uDC4D", 16), repeat("\uD83D\uDC4D", 17), ":" + repeat("n", 32) + ":", ":" + repeat("n", 33) + ":",
            "\uD83D\uDC4D\u200D", "\uD800", "%F0%9F%91%8D")),
        Tuple.of(3, strings()));
  }

  /** What belongs nowhere a string or number is expected: query operators. */
  static Arbitrary<Object> operators() {
    return Arbitraries.of("$gt", "$ne", "$regex", "$where", "$exists", "$in", "$nin", "$or", "$expr")
        .flatMap(op -> Arbitraries.of(new JsonObject().put(op, ""), new JsonObject().put(op, (Object) null),
            new JsonObject().put(op, new JsonArray().add("a").add(1)), new JsonObject().put(op, ".*"),
            new JsonObject().put(op, "function() { sleep(5000); return true; }")))
        .map(Object.class::cast);
  }

  /** Any JSON value, scalars and containers alike, now and then nested deep. */
  static Arbitrary<Object> values() {
    return Arbitraries.lazyOf(
        () -> strings().map(Object.class::cast),
        HostileInput::numbers,
        () -> Arbitraries.of(true, false).map(Object.class::cast),
        () -> Arbitraries.just(null),
        HostileInput::operators,
        () -> Arbitraries.integers().between(2, 300).map(HostileInput::nested),
        () -> smallContainers());
  }

  private static Arbitrary<Object> smallContainers() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(strings().map(Object.class::cast), numbers(), operators());
    return Arbitraries.oneOf(
        leaf.list().ofMaxSize(5).map(items -> (Object) new JsonArray(new ArrayList<>(items))),
        Arbitraries.maps(strings(), leaf).ofMaxSize(4).map(map -> (Object) new JsonObject(new LinkedHashMap<>(map))));
  }

  /** Arrays and objects inside each other {@code depth} times. */
  static Object nested(int depth) {
    Object value = "bottom";
    for (int i = 0; i < depth; i++) {
      value = i % 2 == 0 ? new JsonArray().add(value) : new JsonObject().put("k", value);
    }
    return value;
  }

  // ---- bodies ------------------------------------------------------------------------------------------

  /**
   * A request body for an endpoint whose fields are {@code valid}: each field now valid, now hostile, now
   * missing, and now and then extra fields the contract ignores or that try to reach the store.
   */
  static Arbitrary<JsonObject> bodies(Map<String, Arbitrary<Object>> valid) {
    List<Arbitrary<Map.Entry<String, Object>>> fields = new ArrayList<>();
    valid.forEach((name, arbitrary) -> fields.add(Arbitraries.frequencyOf(
            Tuple.of(5, arbitrary),
            Tuple.of(3, values()),
            Tuple.of(2, Arbitraries.just(Missing.FIELD)))
        .map(value -> (Map.Entry<String, Object>) new AbstractMap.SimpleEntry<>(name, value))));
    Arbitrary<List<Map.Entry<String, Object>>> chosen = fields.isEmpty() ? Arbitraries.just(List.of()) : Combinators.combine(fields).as(List::copyOf);
    Arbitrary<Map<String, Object>> extras = Arbitraries.maps(
        Arbitraries.oneOf(Arbitraries.of("_id", "$set", "$where", "__proto__", "sender", "seq", "rev", "userId", "admins",
            "members", "verified", "passwordHash", "confab-user"), Arbitraries.strings().ofMaxLength(12)),
        values()).ofMaxSize(3);
    return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(Map.<String, Object>of())), Tuple.of(1, extras))
        .flatMap(extra -> chosen.map(entries -> {
          JsonObject body = new JsonObject();
          extra.forEach(body::put);
          entries.forEach(entry -> {
            if (entry.getValue() != Missing.FIELD) {
              body.put(entry.getKey(), entry.getValue());
            }
          });
          return body;
        }));
  }

  /** Marks a field left out of a body. */
  private enum Missing {
    FIELD
  }

  /**
   * Bytes on the wire: mostly the body encoded, otherwise JSON that is not an object, broken JSON,
   * invalid UTF-8, lone surrogate escapes, a document over the 64 KiB limit or nested past any parser's
   * depth limit.
   */
  static Arbitrary<byte[]> wire(Arbitrary<JsonObject> bodies) {
    return Arbitraries.frequencyOf(
        Tuple.of(14, bodies.map(body -> utf8(body.encode()))),
        Tuple.of(1, bodies.map(body -> utf8(body.encode().substring(0, Math.max(0, body.encode().length() / 2))))),
        Tuple.of(1, Arbitraries.of("[]", "\"text\"", "42", "null", "true", "[{\"a\":1}]", "", " ", "{", "}", "{\"a\":}",
            "{\"a\":1,\"a\":2}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing",
            "{\"text\":\"\\ud800\"}", "{\"text\":\"\\udc00\\ud800\"}", "{\"name\":\"\\u0000\"}", "\uFEFF{}").map(HostileInput::utf8)),
        Tuple.of(1, bodies.map(body -> invalidUtf8(body.encode()))),
        Tuple.of(1, Arbitraries.integers().between(900, 6_000).map(depth -> utf8("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}"))),
        Tuple.of(1, Arbitraries.of(65 * 1024, 200 * 1024).map(size -> utf8("{\"text\":\"" + "a".repeat(size) + "\"}"))));
  }

  private static byte[] invalidUtf8(String json) {
    byte[] text = utf8(json);
    byte[] broken = new byte[text.length + 3];
    int at = Math.max(0, text.length / 2);
    System.arraycopy(text, 0, broken, 0, at);
    broken[at] = (byte) 0xC3; // a lead byte without its continuation,
    broken[at + 1] = (byte) 0x28;
    broken[at + 2] = (byte) 0xED; // then the start of an encoded surrogate
    System.arraycopy(text, at, broken, at + 3, text.length - at);
    return broken;
  }

  // ---- ids in paths and queries -------------------------------------------------------------------------

  /** A path segment, percent-encoded: a real id now and then, otherwise anything. */
  static Arbitrary<String> pathIds(List<String> real) {
    return Arbitraries.frequencyOf(
        Tuple.of(5, real.isEmpty() ? Arbitraries.just("none") : Arbitraries.of(real)),
        Tuple.of(3, strings()),
        Tuple.of(1, Arbitraries.of("..", ".", "%2e%2e", "%00", "%2F", "%C3%28", "%ED%A0%80", "%FF", "%", "%zz", "a%20b",
            "$gt", "{\"$gt\":\"\"}", "null", "0", "-1", "99999999999999999999999", "x".repeat(101), "x".repeat(5_000))))
        .map(HostileInput::segment);
  }

  /** Query values: numbers in range and out, garbage and operators as text. */
  static Arbitrary<String> queryValues() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-3, 260).map(String::valueOf),
        Arbitraries.of("0", "-1", "1e3", "0x10", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999", "", " ", "abc", "null", "%00", "1.5", "[object Object]", "%7B%22$gt%22:%22%22%7D"),
        strings());
  }

  /** Percent-encodes anything outside the unreserved set; text already written as escapes (%XX) stays as it is. */
  static String segment(String raw) {
    if (raw.contains("%") && raw.chars().allMatch(c -> c == '%' || unreserved(c)) && !raw.equals("%") && !raw.equals("%zz")) {
      return raw;
    }
    StringBuilder out = new StringBuilder();
    for (byte b : utf8(raw)) {
      int c = b & 0xFF;
      if (unreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return out.length() == 0 ? "%20" : out.toString();
  }

  private static boolean unreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String repeat(String unit, int times) {
    return unit.repeat(times);
  }
}
