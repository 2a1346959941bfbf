package io.confab.chat;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Link previews (v1.1), the setting: a previews worker's answer on {@code chat.previews.set}, which the
 * room's owner serves like a reaction ({@link Messages#change(String, String, java.util.function.Function)}):
 * the message's {@code previews} change with the room's next rev and go out as an {@code update}. An edit
 * drops the previews it had and asks for its new links' ({@link Previews}; the worker's cache answers a
 * link it already fetched); previews that come back for links the message no longer has, or for a
 * deleted message, change nothing.
 */
final class PreviewUpdates {

  private final Rooms rooms;
  private final Messages messages;
  private final Events events;

  PreviewUpdates(Rooms rooms, Messages messages, Events events) {
    this.rooms = rooms;
    this.messages = messages;
    this.events = events;
  }

  /** {@code {room, id, urls, previews}} from a previews worker, as the room's owner serves it. */
  Future<Object> set(Message<JsonObject> request) {
    JsonObject body = request.body();
    String roomId = ChatInput.roomId(body);
    String id = ChatInput.id(body, "id");
    List<String> urls = body.getJsonArray("urls", new JsonArray()).stream().map(String::valueOf).toList();
    JsonArray previews = previews(body, urls);
    return rooms.existing(roomId).compose(room -> messages.change(roomId, id, stored -> {
      boolean current = !stored.getBoolean("deleted", false) && Links.previewed(stored.getString("text")).equals(urls);
      return !current || previews.equals(stored.getJsonArray("previews")) ? null
          : new JsonObject().put("$set", new JsonObject().put("previews", previews));
    }).map(changed -> {
      changed.ifPresent(message -> events.toRoom(room, Messages.view(message).put("type", "update")));
      return new JsonObject();
    }));
  }

  /** The contract's {@code [{url, title?, description?, siteName?}]}: strings only, each url one of {@code urls}. */
  private static JsonArray previews(JsonObject body, List<String> urls) {
    JsonArray given = body.getJsonArray("previews", new JsonArray());
    if (given.size() > Limits.PREVIEW_LINKS_MAX) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    JsonArray previews = new JsonArray();
    for (Object item : given) {
      if (!(item instanceof JsonObject preview) || !urls.contains(preview.getString("url"))) {
        throw ContractException.of(ErrorCode.INVALID_REQUEST);
      }
      JsonObject kept = new JsonObject().put("url", preview.getString("url"));
      copy(preview, kept, "title", Limits.PREVIEW_TITLE_MAX);
      copy(preview, kept, "description", Limits.PREVIEW_DESCRIPTION_MAX);
      copy(preview, kept, "siteName", Limits.PREVIEW_SITE_NAME_MAX);
      previews.add(kept);
    }
    return previews;
  }

  private static void copy(JsonObject from, JsonObject to, String field, int max) {
    String value = JsonInput.optionalString(from, field, 1, max);
    if (value != null) {
      to.put(field, value);
    }
  }
}
