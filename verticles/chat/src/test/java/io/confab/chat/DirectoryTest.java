package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DirectoryTest extends ChatTestBase {

  @Test
  @DisplayName("senders asked for while a lookup is on its way are looked up together, each given their own name; one who is no user is null alone")
  void sendersAskedForMeanwhileAreLookedUpTogether() {
    List<User> users = IntStream.range(0, 4).mapToObj(i -> user("User " + i)).toList();
    List<String> asked = List.of(users.get(0).id(), users.get(1).id(), "no-such-user", users.get(2).id(), users.get(3).id(),
        users.get(1).id());
    List<JsonArray> lookups = new CopyOnWriteArrayList<>();
    Handler<DeliveryContext<Object>> recording = delivery -> {
      if (delivery.message().address().equals(Addresses.AUTH_USERS_LOOKUP)) {
        lookups.add(((JsonObject) delivery.message().body()).getJsonArray("ids"));
      }
      delivery.next();
    };
    vertx.eventBus().addOutboundInterceptor(recording);

    Directory directory = new Directory(vertx.eventBus());
    Promise<List<Future<JsonObject>>> answered = Promise.promise();
    vertx.runOnContext(now -> {
      List<Future<JsonObject>> each = asked.stream().map(directory::user).toList();
      Future.join(each).onComplete(done -> answered.complete(each));
    });
    List<Future<JsonObject>> found = answered.future().await();
    vertx.eventBus().removeOutboundInterceptor(recording);

    assertThat(found).allMatch(Future::succeeded);
    assertThat(found).extracting(user -> user.result() == null ? null : user.result().getString("displayName"))
        .containsExactly("User 0", "User 1", null, "User 2", "User 3", "User 1");
    assertThat(lookups).as("the first alone, the five asked for meanwhile together (one of them twice)")
        .containsExactly(new JsonArray().add(asked.get(0)), new JsonArray(asked.subList(1, 5)));
  }
}
