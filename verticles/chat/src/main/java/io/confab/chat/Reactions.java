package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;

import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reactions (v1.1): the message's {@code reactions} array, changed by the room's owner like an edit
 * ({@link Messages#change(String, String, java.util.function.Function)}): a change takes the room's next
 * rev, goes into the owner's memory and out as an {@code update} event; asking for what is already so
 * takes nothing.
 */
final class Reactions {

  private static final Pattern NAME = Pattern.compile(":" + Limits.EMOJI_NAME_PATTERN + ":");
  /**
   * Unicode's Extended_Pictographic ranges (Java 17 has no property for them, and its BreakIterator
   * does not keep a ZWJ sequence in one grapheme), regional indicators left out.
   */
  private static final String PICTOGRAPH = "[\\u00A9\\u00AE\\u203C\\u2049\\u2122\\u2139\\u2194-\\u2199\\u21A9\\u21AA"
      + "\\u231A\\u231B\\u2328\\u23CF\\u23E9-\\u23F3\\u23F8-\\u23FA\\u24C2\\u25AA\\u25AB\\u25B6\\u25C0\\u25FB-\\u25FE"
      + "\\u2600-\\u27BF\\u2934\\u2935\\u2B05-\\u2B07\\u2B1B\\u2B1C\\u2B50\\u2B55\\u3030\\u303D\\u3297\\u3299"
      + "\\x{1F000}-\\x{1F1E5}\\x{1F200}-\\x{1FAFF}]";
  /** One emoji of a sequence: a keycap, a flag (two regional indicators), or a pictograph with its presentation, skin tone and tags. */
  private static final String ELEMENT = "(?:[#*0-9]\\uFE0F?\\u20E3|[\\x{1F1E6}-\\x{1F1FF}]{2}|" + PICTOGRAPH
      + "[\\uFE0E\\uFE0F]?[\\x{1F3FB}-\\x{1F3FF}]?\\uFE0F?(?:[\\x{E0020}-\\x{E007E}]+\\x{E007F})?)";
  /** One emoji grapheme: elements joined by zero-width joiners. */
  private static final Pattern EMOJI = Pattern.compile(ELEMENT + "(?:\\u200D" + ELEMENT + ")*");

  private final Rooms rooms;
  private final Messages messages;
  private final Events events;

  Reactions(Rooms rooms, Messages messages, Events events) {
    this.rooms = rooms;
    this.messages = messages;
    this.events = events;
  }

  /** {@code {room, id, emoji, on}} as the room's owner serves it: {@code on} adds the caller's reaction, otherwise removes it. */
  Future<Object> react(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = ChatInput.id(body, "id");
    String emoji = emoji(body);
    boolean on = JsonInput.bool(body, "on");
    return rooms.member(roomId, caller)
        .compose(room -> messages.change(roomId, id, stored -> toggled(stored, emoji, caller, on))
            .map(changed -> {
              changed.ifPresent(message -> events.toRoom(room, Messages.view(message).put("type", "update")));
              return new JsonObject();
            }));
  }

  /** The contract's emoji: 1 to 64 bytes of UTF-8, one emoji grapheme or {@code :name:}. */
  static String emoji(JsonObject body) {
    String emoji = JsonInput.string(body, "emoji", 1, Limits.EMOJI_MAX_BYTES);
    if (emoji.getBytes(StandardCharsets.UTF_8).length > Limits.EMOJI_MAX_BYTES
        || !(NAME.matcher(emoji).matches() || EMOJI.matcher(emoji).matches())) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return emoji;
  }

  /** The update that adds or removes {@code user}'s {@code emoji}, or null when it is already so. */
  static JsonObject toggled(JsonObject stored, String emoji, String user, boolean on) {
    if (stored.getBoolean("deleted", false)) {
      throw ContractException.of(ErrorCode.NOT_FOUND);
    }
    JsonArray reactions = stored.getJsonArray("reactions", new JsonArray()).copy();
    JsonObject entry = null;
    for (Object item : reactions) {
      if (item instanceof JsonObject reaction && emoji.equals(reaction.getString("emoji"))) {
        entry = reaction;
      }
    }
    JsonArray users = entry == null ? new JsonArray() : entry.getJsonArray("users");
    if (on == users.contains(user)) {
      return null;
    }
    if (on && entry == null) {
      if (reactions.size() >= Limits.REACTIONS_MAX) {
        throw ContractException.of(ErrorCode.REACTION_LIMIT);
      }
      reactions.add(new JsonObject().put("emoji", emoji).put("users", users));
    }
    if (on) {
      users.add(user);
    } else {
      users.remove(user);
      if (users.isEmpty()) {
        reactions.remove(entry);
      }
    }
    return new JsonObject().put("$set", new JsonObject().put("reactions", reactions));
  }
}
