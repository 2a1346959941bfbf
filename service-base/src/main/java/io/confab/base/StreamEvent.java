package io.confab.base;

import io.confab.contract.Addresses;
import io.confab.contract.Headers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An event of the room and user streams ({@code room.<id>}, {@code user.<id>}), encoded to JSON once.
 * A published {@link JsonObject} is copied for every consumer on a node and encoded again for every
 * socket the bridge writes it to: a hundred copies and encodings for a message in a room of a hundred.
 * This one is immutable, so every consumer shares it, and the bridge writes its JSON as the frame's body.
 */
public final class StreamEvent {

  private final String json;

  private StreamEvent(String json) {
    this.json = json;
  }

  public static StreamEvent of(JsonObject event) {
    return new StreamEvent(event.encode());
  }

  /**
   * A room's event, published once to every edge ({@link Addresses#CHAT_ROOM_EVENTS}) with the room and its
   * members: each edge delivers it to its sockets on {@code room.<id>} and on the members' {@code user.<id>}.
   */
  public static void publishToRoom(EventBus bus, String room, List<String> members, JsonObject event) {
    bus.publish(Addresses.CHAT_ROOM_EVENTS, of(event), new DeliveryOptions()
        .addHeader(Headers.ROOM, room)
        .addHeader(Headers.MEMBERS, String.join(",", members)));
  }

  /** The event as the clients receive it, in a frame's {@code body}. */
  public String json() {
    return json;
  }

  public JsonObject toJson() {
    return new JsonObject(json);
  }

  @Override
  public String toString() {
    return json;
  }

  /** Between nodes as its JSON's bytes; within one, the same instance for every consumer. */
  static final class Codec implements MessageCodec<StreamEvent, StreamEvent> {

    @Override
    public void encodeToWire(Buffer buffer, StreamEvent event) {
      byte[] bytes = event.json.getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public StreamEvent decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return new StreamEvent(buffer.getString(pos + 4, pos + 4 + length, "UTF-8"));
    }

    @Override
    public StreamEvent transform(StreamEvent event) {
      return event;
    }

    @Override
    public String name() {
      return "confab-stream-event";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
