package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StreamEventTest {

  private static final JsonObject EVENT = new JsonObject().put("type", "message").put("room", "r1").put("seq", 7)
      .put("text", "ñandú 日本 🙂 \"quoted\"");

  @Test
  @DisplayName("a stream event crosses the wire between nodes as the same JSON, after whatever the buffer held before")
  void wireKeepsTheJson() {
    StreamEvent.Codec codec = new StreamEvent.Codec();
    Buffer wire = Buffer.buffer("header");
    codec.encodeToWire(wire, StreamEvent.of(EVENT));
    StreamEvent decoded = codec.decodeFromWire("header".length(), wire);
    assertThat(decoded.toJson()).isEqualTo(EVENT);
  }

  @Test
  @DisplayName("every consumer on a node gets the one published instance, not a copy of it each")
  void consumersShareOneInstance(Vertx vertx) {
    Codecs.register(vertx);
    StreamEvent event = StreamEvent.of(EVENT);
    List<Promise<Object>> received = List.of(Promise.promise(), Promise.promise());
    received.forEach(body -> vertx.eventBus().consumer("room.r1", message -> body.tryComplete(message.body())).completion().await());
    vertx.eventBus().publish("room.r1", event);
    List<Object> bodies = Future.all(received.stream().map(Promise::future).toList())
        .timeout(5, TimeUnit.SECONDS).await().list();
    assertThat(bodies).hasSize(2).allSatisfy(body -> assertThat(body).isSameAs(event));
  }
}
