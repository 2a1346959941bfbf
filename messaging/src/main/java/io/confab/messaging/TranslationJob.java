package io.confab.messaging;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * One request to the translation worker, as the contract's RabbitMQ boundary carries it (body of
 * {@code confab.translate.requests}, and of {@link io.confab.contract.Addresses#TRANSLATE_JOBS} in-process), and
 * the replies the worker sends back.
 *
 * <p>Requests:
 * <ul>
 *   <li>{@code {id, text, from?, to}}: translate {@code text} (ISO 639-1 codes) — the contract's request;</li>
 *   <li>{@code {id, type: "pairs"}}: the pairs the engine offers now — an addition to the contract, so
 *       that the platform lists languages without knowing where the engine is.</li>
 * </ul>
 * Replies: {@code {id, text, engine}}, {@code {id, pairs: [{from, to}]}}, or {@code {id, error}} with
 * {@link #UNSUPPORTED_PAIR}, {@link #UNAVAILABLE} or {@link #INVALID_REQUEST}.
 */
public record TranslationJob(String id, Type type, String text, String from, String to) {

  public enum Type { TRANSLATE, PAIRS }

  public static final String TYPE_PAIRS = "pairs";
  public static final String ENGINE_APERTIUM = "apertium";
  /** The engine named when nothing was translated (the text already is in the asked language). */
  public static final String ENGINE_NONE = "none";

  /** The engine offers no translation between these two languages (or the source is unknown): not retried. */
  public static final String UNSUPPORTED_PAIR = "unsupported_pair";
  /** The engine did not answer: the request is retried by the broker, and the asker is told at once. */
  public static final String UNAVAILABLE = "unavailable";
  /** Not the contract's shape: dead-lettered at once. */
  public static final String INVALID_REQUEST = "invalid_request";

  public static final int ID_MAX = 100;
  /** Ids end up in Redis keys and logs: a UUID, or anything as tame. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + ID_MAX + "}");

  public static TranslationJob translate(String id, String text, String from, String to) {
    return new TranslationJob(id, Type.TRANSLATE, text, from, to);
  }

  public static TranslationJob pairs(String id) {
    return new TranslationJob(id, Type.PAIRS, null, null, null);
  }

  /** A request as published: the contract's shape (or the pairs request), else {@code invalid_request}. */
  public static TranslationJob fromJson(JsonObject body) {
    String id = id(body);
    String type = JsonInput.optionalString(body, "type", 1, 16);
    if (TYPE_PAIRS.equals(type)) {
      return pairs(id);
    }
    if (type != null && !"translate".equals(type)) {
      throw invalid();
    }
    String text = JsonInput.string(body, "text", 1, Limits.TEXT_MAX_CODE_POINTS);
    String from = JsonInput.optionalString(body, "from", 2, 2);
    String to = JsonInput.string(body, "to", 2, 2);
    if ((from != null && !Languages.isIso6391(from)) || !Languages.isIso6391(to)) {
      throw invalid();
    }
    return translate(id, text, from, to);
  }

  /** The request's id if it has a usable one (to address an error reply), else null. */
  public static String idOrNull(JsonObject body) {
    try {
      return body == null ? null : id(body);
    } catch (ContractException e) {
      return null;
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("id", id);
    if (type == Type.PAIRS) {
      return json.put("type", TYPE_PAIRS);
    }
    json.put("text", text);
    if (from != null) {
      json.put("from", from);
    }
    return json.put("to", to);
  }

  public static JsonObject translated(String id, String text, String engine) {
    return new JsonObject().put("id", id).put("text", text).put("engine", engine);
  }

  public static JsonObject pairsReply(String id, JsonArray pairs) {
    return new JsonObject().put("id", id).put("pairs", pairs);
  }

  public static JsonObject error(String id, String error) {
    JsonObject reply = new JsonObject();
    if (id != null) {
      reply.put("id", id);
    }
    return reply.put("error", error);
  }

  private static String id(JsonObject body) {
    String id = JsonInput.string(body, "id", 1, ID_MAX);
    if (!ID.matcher(id).matches()) {
      throw invalid();
    }
    return id;
  }

  private static ContractException invalid() {
    return ContractException.of(ErrorCode.INVALID_REQUEST);
  }
}
