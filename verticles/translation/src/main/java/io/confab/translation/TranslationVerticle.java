package io.confab.translation;

import static io.confab.base.ConfigValues.number;
import static io.confab.contract.Addresses.AUTH_USERS_LOOKUP;
import static io.confab.contract.Addresses.CHAT_MESSAGE_GET;
import static io.confab.contract.Addresses.TRANSLATE_LANGUAGES;
import static io.confab.contract.Addresses.TRANSLATE_REQUEST;

import io.confab.base.Consumers;
import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.confab.base.StoreConfig;
import io.confab.base.StreamEvent;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.Languages;
import io.confab.messaging.TranslationJob;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates messages for the members of their rooms, with the translation worker (Apertium):
 *
 * <ul>
 *   <li>{@code translate.request {messageId, lang}} → {@code {lang, text, engine}}: the caller must be a
 *       member of the message's room (chat answers 404 otherwise, and for a deleted message so do we);
 *       the source is the sender's profile language; the same language answers the text unchanged with
 *       engine {@code none}. Otherwise the Redis cache (message id, rev, languages), else the worker; a
 *       fresh translation is cached and published as a {@code translation} event to {@code room.<id>} and,
 *       as chat does for every room event, to each member's {@code user.<id>}.</li>
 *   <li>{@code translate.languages} → {@code [{from, to}]} (ISO 639-1): what the worker says APY offers,
 *       kept for a short while.</li>
 * </ul>
 *
 * <p>The worker is behind RabbitMQ with {@code amqp-uri} ({@link BrokerWorker}), else in this JVM
 * ({@link InProcessWorker}, the worker verticle deployed beside this one). Every ask goes through one
 * circuit breaker: a worker that keeps failing is not asked again for a while, and the answer is at once
 * 503 {@code translation_unavailable}. No answer in time is 504 {@code timeout}. Behind the broker, its
 * publisher has a breaker of its own ({@code ConfirmedPublisher}): a broker that stops confirming is
 * not waited for either.
 */
public final class TranslationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(TranslationVerticle.class);

  /** How long the worker may take to answer, in ms; below the edge's own 10 s, after chat's and auth's answers. */
  public static final String TIMEOUT_MS = "translation-timeout-ms";
  /** How long a translation stays cached, in seconds. */
  public static final String CACHE_TTL_SECONDS = "translation-cache-ttl-seconds";
  /** How long the list of language pairs is kept, in ms. */
  public static final String LANGUAGES_TTL_MS = "translation-languages-ttl-ms";
  /** How long the worker's circuit breaker stays open, in ms. */
  public static final String BREAKER_RESET_MS = "translation-breaker-reset-ms";
  /** How often a lost broker connection is tried again, in ms. */
  public static final String AMQP_RECONNECT_MS = "amqp-reconnect-ms";

  /** The language of a sender the directory does not know (auth's default profile language). */
  static final String DEFAULT_SOURCE_LANGUAGE = "en";
  static final String EVENT_TYPE = "translation";
  private static final long DEFAULT_TIMEOUT_MS = 5_000;
  private static final long DEFAULT_CACHE_TTL_SECONDS = Duration.ofDays(7).toSeconds();
  private static final long DEFAULT_LANGUAGES_TTL_MS = 60_000;
  private static final long DEFAULT_BREAKER_RESET_MS = 5_000;
  private static final int BREAKER_MAX_FAILURES = 3;
  /** Chat's and auth's answers, each. */
  private static final long INTERNAL_TIMEOUT_MS = 2_000;
  private static final int MESSAGE_ID_MAX = 64;

  private Worker worker;
  private CircuitBreaker breaker;
  private Redis redis;
  private TranslationCache cache;
  private long timeoutMs;
  private long languagesTtlMs;
  private JsonArray languages;
  private long languagesAt;

  private Consumers consumers;

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    JsonObject config = config();
    timeoutMs = Math.max(1, number(config, TIMEOUT_MS, DEFAULT_TIMEOUT_MS));
    languagesTtlMs = Math.max(0, number(config, LANGUAGES_TTL_MS, DEFAULT_LANGUAGES_TTL_MS));
    redis = Redis.createClient(vertx, StoreConfig.redis(config));
    cache = new TranslationCache(RedisAPI.api(redis), Math.max(1, number(config, CACHE_TTL_SECONDS, DEFAULT_CACHE_TTL_SECONDS)));
    breaker = CircuitBreaker.create("confab-translation-worker", vertx, new CircuitBreakerOptions()
        .setMaxFailures(BREAKER_MAX_FAILURES)
        // Bounds the whole ask, the broker's answers included (a stalled broker answers nothing): 504.
        .setTimeout(timeoutMs)
        .setResetTimeout(Math.max(1, number(config, BREAKER_RESET_MS, DEFAULT_BREAKER_RESET_MS)))
        .setNotificationAddress(null));
    String amqpUri = config.getString(ConfigKeys.AMQP_URI);
    worker = amqpUri == null || amqpUri.isBlank()
        ? new InProcessWorker(vertx)
        : new BrokerWorker(vertx, amqpUri, Duration.ofMillis(number(config, AMQP_RECONNECT_MS,
            AmqpConnection.DEFAULT_RECONNECT_INTERVAL.toMillis())), config);
    return worker.start().compose(v -> Future.all(List.of(
        consumers.serve(TRANSLATE_REQUEST, this::translate),
        consumers.serve(TRANSLATE_LANGUAGES, this::languages))));
  }

  /** Requests in flight finish first (new ones go to other nodes); then the clients close. */
  @Override
  public Future<?> stop() {
    return consumers.drain().eventually(() -> {
      breaker.close();
      return worker.close().eventually(() -> redis.close());
    });
  }

  // ---- translate.request -----------------------------------------------------------------------------

  /** {@code {messageId, lang}} as the caller → {@code {lang, text, engine}}. */
  private Future<Object> translate(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String messageId = JsonInput.string(request.body(), "messageId", 1, MESSAGE_ID_MAX);
    String lang = JsonInput.string(request.body(), "lang", 2, 2);
    if (!Languages.isIso6391(lang)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return visibleMessage(messageId, caller).compose(found -> {
      JsonObject message = found.getJsonObject("message");
      JsonObject room = found.getJsonObject("room");
      if (message.getBoolean("deleted", false) || message.getString("text") == null) {
        return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
      }
      return senderLanguage(message).compose(from -> {
        String text = message.getString("text");
        if (from.equals(lang)) {
          return Future.succeededFuture(answer(lang, text, TranslationJob.ENGINE_NONE));
        }
        String key = TranslationCache.key(messageId, message.getLong("rev", 0L), from, lang);
        return cache.get(key).compose(cached -> cached != null
            ? Future.succeededFuture(answer(lang, cached.getString("text"), cached.getString("engine")))
            : translateFresh(room, messageId, key, text, from, lang));
      });
    });
  }

  /** Asks the worker, then caches the translation and tells the room. */
  private Future<Object> translateFresh(JsonObject room, String messageId, String key, String text, String from, String lang) {
    JsonObject job = TranslationJob.translate(UUID.randomUUID().toString(), text, from, lang).toJson();
    return askWorker(job).compose(reply -> {
      String translated = reply.getString("text");
      if (reply.getString("error") != null || translated == null) {
        LOG.atWarn().setMessage("translation.refused").addKeyValue("message", messageId).addKeyValue("from", from)
            .addKeyValue("to", lang).addKeyValue("error", String.valueOf(reply.getValue("error"))).log();
        return Future.failedFuture(ContractException.of(ErrorCode.TRANSLATION_UNAVAILABLE));
      }
      String engine = reply.getString("engine", TranslationJob.ENGINE_APERTIUM);
      LOG.atInfo().setMessage("translation.done").addKeyValue("message", messageId).addKeyValue("from", from)
          .addKeyValue("to", lang).addKeyValue("engine", engine).log();
      return cache.put(key, new JsonObject().put("text", translated).put("engine", engine)).map(cached -> {
        publish(room, new JsonObject().put("type", EVENT_TYPE).put("room", room.getString("id")).put("messageId", messageId)
            .put("lang", lang).put("text", translated).put("engine", engine));
        return answer(lang, translated, engine);
      });
    });
  }

  /** {@code room.<id>}, and each member's {@code user.<id>}: where chat sends every event of a room. */
  private void publish(JsonObject room, JsonObject translation) {
    EventBus bus = vertx.eventBus();
    StreamEvent event = StreamEvent.of(translation);
    bus.publish(Addresses.roomStream(room.getString("id")), event);
    JsonArray members = room.getJsonArray("members", new JsonArray());
    members.forEach(member -> {
      if (member instanceof String id) {
        bus.publish(Addresses.userStream(id), event);
      }
    });
  }

  /** The message as chat shows it to the caller ({@code {message, room}}); chat's 404 for a non-member passes through. */
  private Future<JsonObject> visibleMessage(String messageId, String caller) {
    DeliveryOptions asCaller = new DeliveryOptions().addHeader(Headers.USER, caller).setSendTimeout(INTERNAL_TIMEOUT_MS);
    return vertx.eventBus().<JsonObject>request(CHAT_MESSAGE_GET, new JsonObject().put("id", messageId), asCaller)
        .map(Message::body);
  }

  /** The sender's profile language, or {@link #DEFAULT_SOURCE_LANGUAGE} for a sender the directory no longer knows. */
  private Future<String> senderLanguage(JsonObject message) {
    JsonObject sender = message.getJsonObject("sender", new JsonObject());
    String senderId = sender.getString("id");
    if (senderId == null) {
      return Future.succeededFuture(DEFAULT_SOURCE_LANGUAGE);
    }
    return vertx.eventBus().<JsonObject>request(AUTH_USERS_LOOKUP, new JsonObject().put("ids", new JsonArray().add(senderId)),
            new DeliveryOptions().setSendTimeout(INTERNAL_TIMEOUT_MS))
        .map(reply -> {
          JsonArray users = reply.body().getJsonArray("users", new JsonArray());
          String language = users.isEmpty() ? null : users.getJsonObject(0).getString("language");
          return Languages.isIso6391(language) ? language : DEFAULT_SOURCE_LANGUAGE;
        });
  }

  // ---- translate.languages ---------------------------------------------------------------------------

  /** → {@code [{from, to}]}: the pairs the engine offers now, as the worker lists them. */
  private Future<Object> languages(Message<JsonObject> request) {
    if (languages != null && System.currentTimeMillis() - languagesAt < languagesTtlMs) {
      return Future.succeededFuture(languages.copy());
    }
    return askWorker(TranslationJob.pairs(UUID.randomUUID().toString()).toJson()).compose(reply -> {
      JsonArray pairs = reply.getValue("pairs") instanceof JsonArray array ? array : null;
      if (pairs == null) {
        LOG.atWarn().setMessage("translation.languages.refused").addKeyValue("error", String.valueOf(reply.getValue("error"))).log();
        return Future.failedFuture(ContractException.of(ErrorCode.TRANSLATION_UNAVAILABLE));
      }
      languages = pairs;
      languagesAt = System.currentTimeMillis();
      return Future.succeededFuture(pairs.copy());
    });
  }

  // ---- the worker ----------------------------------------------------------------------------------------

  /** The worker's reply, through the breaker; its failures as the contract's 503 or 504. */
  private Future<JsonObject> askWorker(JsonObject job) {
    return breaker.<JsonObject>execute(() -> worker.ask(job, timeoutMs)).recover(failure -> {
      boolean late = failure instanceof Worker.TimedOut || failure instanceof io.vertx.circuitbreaker.TimeoutException;
      ErrorCode code = late ? ErrorCode.TIMEOUT : ErrorCode.TRANSLATION_UNAVAILABLE;
      LOG.atWarn().setMessage("translation.worker.failed").addKeyValue("id", job.getString("id"))
          .addKeyValue("error", failure instanceof OpenCircuitException ? "circuit open" : String.valueOf(failure.getMessage()))
          .addKeyValue("answer", code.code()).log();
      return Future.failedFuture(ContractException.of(code));
    });
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static JsonObject answer(String lang, String text, String engine) {
    return new JsonObject().put("lang", lang).put("text", text).put("engine", engine);
  }
}
