package io.confab.workers.translation;

import io.confab.messaging.Languages;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Apertium's APY over HTTP: {@code POST /translate} (form {@code langpair=eng|spa, q, markUnknown=no}; the
 * default HTML deformatter keeps markup, emoji and URLs) and {@code GET /listPairs}. Every call has a
 * timeout and goes through one circuit breaker: after {@link #BREAKER_MAX_FAILURES} failures in a row
 * the breaker opens and calls fail at once for {@code resetMs}, then one call tries APY again. A pair APY
 * does not offer is an answer ({@link UnsupportedPair}), not a failure of APY.
 */
final class Apertium {

  static final int BREAKER_MAX_FAILURES = 5;
  /** How long the list of pairs is trusted before APY is asked again. */
  static final long PAIRS_TTL_MS = 30_000;

  /** APY offers no such pair, or a language has no Apertium code. */
  static final class UnsupportedPair extends RuntimeException {
    UnsupportedPair(String pair) {
      super("pair not offered: " + pair, null, false, false);
    }
  }

  /** APY answered, but not as it should: counted as a failure of APY. */
  static final class ApyFailure extends RuntimeException {
    ApyFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final String baseUrl;
  private final long timeoutMs;
  private final WebClient client;
  private final CircuitBreaker breaker;
  private Set<String> pairs;
  private long pairsAt;
  private Future<Set<String>> pairsInFlight;

  Apertium(Vertx vertx, String apyUrl, long timeoutMs, long resetMs) {
    this.baseUrl = apyUrl.endsWith("/") ? apyUrl.substring(0, apyUrl.length() - 1) : apyUrl;
    this.timeoutMs = timeoutMs;
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
        .setUserAgent("confab-translation-worker"));
    this.breaker = CircuitBreaker.create("confab-apy", vertx, new CircuitBreakerOptions()
            .setMaxFailures(BREAKER_MAX_FAILURES)
            .setTimeout(-1) // the HTTP request has its own timeout
            .setResetTimeout(resetMs)
            .setNotificationAddress(null))
        .failurePolicy(result -> result.failed() && !(result.cause() instanceof UnsupportedPair));
  }

  String url() {
    return baseUrl;
  }

  /** Translates {@code text} between two ISO 639-1 languages; fails with {@link UnsupportedPair} or an APY failure. */
  Future<String> translate(String from, String to, String text) {
    Optional<String> source = Languages.toApertium(from);
    Optional<String> target = Languages.toApertium(to);
    if (source.isEmpty() || target.isEmpty()) {
      return Future.failedFuture(new UnsupportedPair(from + "|" + to));
    }
    String langpair = source.get() + "|" + target.get();
    return apyPairs().compose(offered -> offered.contains(langpair)
        ? breaker.<String>execute(() -> post(langpair, text))
        : Future.failedFuture(new UnsupportedPair(langpair)));
  }

  /** The pairs APY offers now, in ISO 639-1 ({@code [{from, to}]}, sorted); variants are left out. */
  Future<JsonArray> pairs() {
    return apyPairs().map(offered -> {
      Set<JsonObject> iso = new TreeSet<>(Comparator.<JsonObject, String>comparing(p -> p.getString("from"))
          .thenComparing(p -> p.getString("to")));
      for (String pair : offered) {
        String[] sides = pair.split("\\|", 2);
        Optional<String> from = Languages.fromApertium(sides[0]);
        Optional<String> to = Languages.fromApertium(sides[1]);
        if (from.isPresent() && to.isPresent() && !from.get().equals(to.get())) {
          iso.add(new JsonObject().put("from", from.get()).put("to", to.get()));
        }
      }
      return new JsonArray(iso.stream().toList());
    });
  }

  Future<Void> close() {
    breaker.close();
    client.close();
    return Future.succeededFuture();
  }

  private Future<String> post(String langpair, String text) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap()
        .add("langpair", langpair)
        .add("q", text)
        .add("markUnknown", "no");
    return client.postAbs(baseUrl + "/translate").timeout(timeoutMs).sendForm(form, "UTF-8").compose(response -> {
      if (response.statusCode() == 400 && String.valueOf(response.bodyAsString()).contains("not installed")) {
        // Uninstalled since the list was read: forget the list, and answer as for any pair not offered.
        pairs = null;
        return Future.failedFuture(new UnsupportedPair(langpair));
      }
      String translated = field(response, "translatedText");
      return translated == null
          ? Future.failedFuture(new ApyFailure("apy /translate answered " + response.statusCode()))
          : Future.succeededFuture(keepOuterSpace(text, translated));
    });
  }

  /** {@code eng|spa} pairs APY offers, from a list at most {@link #PAIRS_TTL_MS} old; one request at a time. */
  private Future<Set<String>> apyPairs() {
    if (pairs != null && System.currentTimeMillis() - pairsAt < PAIRS_TTL_MS) {
      return Future.succeededFuture(pairs);
    }
    if (pairsInFlight == null) {
      pairsInFlight = breaker.<Set<String>>execute(this::listPairs)
          .onSuccess(offered -> {
            pairs = offered;
            pairsAt = System.currentTimeMillis();
          })
          .onComplete(done -> pairsInFlight = null);
    }
    return pairsInFlight;
  }

  private Future<Set<String>> listPairs() {
    return client.getAbs(baseUrl + "/listPairs").timeout(timeoutMs).send().compose(response -> {
      JsonArray data = response.statusCode() == 200 ? json(response).getJsonArray("responseData") : null;
      if (data == null) {
        return Future.failedFuture(new ApyFailure("apy /listPairs answered " + response.statusCode()));
      }
      Set<String> offered = new LinkedHashSet<>();
      for (Object item : data) {
        if (item instanceof JsonObject pair && pair.getString("sourceLanguage") != null && pair.getString("targetLanguage") != null) {
          offered.add(pair.getString("sourceLanguage") + "|" + pair.getString("targetLanguage"));
        }
      }
      return Future.succeededFuture(offered);
    });
  }

  private static String field(HttpResponse<Buffer> response, String name) {
    if (response.statusCode() != 200) {
      return null;
    }
    JsonObject data = json(response).getJsonObject("responseData");
    return data == null ? null : data.getString(name);
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }

  /** APY may add or drop a space at either end (a dropped pronoun): keep the original's ends. */
  static String keepOuterSpace(String original, String translated) {
    String result = translated;
    if (original.isEmpty() || !Character.isWhitespace(original.charAt(0))) {
      result = result.stripLeading();
    }
    if (original.isEmpty() || !Character.isWhitespace(original.charAt(original.length() - 1))) {
      result = result.stripTrailing();
    }
    return result;
  }
}
