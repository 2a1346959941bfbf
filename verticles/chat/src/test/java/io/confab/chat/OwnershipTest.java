package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.Failures;
import io.confab.contract.Addresses;
import io.confab.contract.ErrorCode;
import io.confab.testing.Eventually;
import io.confab.testing.LogEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rooms change owner while sends are in flight: a chat node joins, leaves, or dies. Senders go on through
 * the nodes that stay (repeating a send that got no answer, as clients do); every acknowledged message is
 * stored once and the room's seqs stay gapless.
 */
class OwnershipTest extends ClusteredChatTestBase {

  private static final int SENDERS = 3;
  private static final int MESSAGES_EACH = 120;
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Repeats of one send that got no answer, at most. */
  private static final int RETRIES = 5;
  private static final Set<ErrorCode> RETRIED = Set.of(ErrorCode.TIMEOUT, ErrorCode.UNAVAILABLE);

  private final AtomicInteger acknowledged = new AtomicInteger();
  /** Every send's answer whose message is not the one sent. */
  private final List<String> wrongAnswers = new ArrayList<>();

  @BeforeEach
  void create() {
    clustered(3);
  }

  @Test
  @DisplayName("a chat node joins and then leaves while sends are in flight: every message stored once, seq gapless")
  void ownershipMovesOnJoinAndLeave() throws Exception {
    cluster.start(0, 1);
    Sending sending = sendingInto(room -> true);
    awaitCondition(() -> acknowledged.get() >= 60);
    cluster.start(2);
    awaitCondition(() -> acknowledged.get() >= 160);
    cluster.stop(2);
    sending.done().await();

    assertGaplessOnce(allMessages(0, sending.users().get(0), sending.room()), SENDERS * MESSAGES_EACH);
  }

  @Test
  @DisplayName("an owner killed while sends are in flight: its rooms move to the others, every message stored once, seq gapless")
  void ownershipMovesWhenAnOwnerDies() throws Exception {
    cluster.start(0, 1, 2);
    Sending sending = sendingInto(room -> true);
    awaitCondition(() -> acknowledged.get() >= 100);
    cluster.kill(2);
    sending.done().await();

    assertGaplessOnce(allMessages(1, sending.users().get(0), sending.room()), SENDERS * MESSAGES_EACH);
  }

  @Test
  @DisplayName("the owner's chat undeploys gracefully while sends are handed to it: it hands its rooms over first, no forward waits out its timeout, every send answered with its message, seq gapless")
  void aGracefulLeaveHandsItsRoomsOverFirst() throws Exception {
    cluster.start(0, 1, 2);
    List<String> members = List.of(cluster.nodeId(0), cluster.nodeId(1), cluster.nodeId(2));
    try (LogEvents routing = LogEvents.of(OwnerRouting.class)) {
      // Sends go through nodes 0 and 1, so each is handed to node 2 while it owns the room.
      Sending sending = sendingInto(room -> Owners.ownerAmong(members, room, null).equals(cluster.nodeId(2)));
      awaitCondition(() -> acknowledged.get() >= 100);
      cluster.undeployChat(2);
      sending.done().await();

      assertThat(routing.first("chat.owner.unanswered", "failure", "TIMEOUT")).as("a forward that waited out its timeout").isEmpty();
      assertThat(wrongAnswers).isEmpty();
      assertGaplessOnce(allMessages(0, sending.users().get(0), sending.room()), SENDERS * MESSAGES_EACH);
    }
  }

  @Test
  @DisplayName("a chat node joins under sends into a room it will own: it is handed writes only once its owner address answers, no forward finds no handlers")
  void aJoiningNodeIsHandedWritesOnlyOnceItAnswers() throws Exception {
    cluster.start(0, 1);
    cluster.join(2);
    List<String> members = List.of(cluster.nodeId(0), cluster.nodeId(1), cluster.nodeId(2));
    AtomicInteger handed = counting(2, Owners.address(cluster.nodeId(2)));
    try (LogEvents routing = LogEvents.of(OwnerRouting.class)) {
      Sending sending = sendingInto(room -> Owners.ownerAmong(members, room, null).equals(cluster.nodeId(2)));
      awaitCondition(() -> acknowledged.get() >= 60);
      cluster.deployChat(2);
      sending.done().await();
      int probes = sendUntil(sending, handed::get);

      assertThat(routing.first("chat.owner.unanswered", "owner", cluster.nodeId(2))).as("a forward to the joining node that went unanswered").isEmpty();
      assertThat(wrongAnswers).isEmpty();
      assertGaplessOnce(allMessages(0, sending.users().get(0), sending.room()), SENDERS * MESSAGES_EACH + probes);
    }
  }

  @Test
  @DisplayName("a chat node joins while another's chat has left but its node is still a member: the joiner never hands writes to the leaver")
  void aNodeJoiningWhileAnotherLeavesNeverRoutesToTheLeaver() throws Exception {
    cluster.start(0, 1);
    cluster.undeployChat(1);
    cluster.join(2);
    cluster.deployChat(2);
    List<String> members = List.of(cluster.nodeId(0), cluster.nodeId(1), cluster.nodeId(2));
    AtomicInteger takenByTheJoiner = counting(2, Addresses.CHAT_SEND);
    try (LogEvents routing = LogEvents.of(OwnerRouting.class)) {
      // Sends through nodes 0 and 1 go to the chat of node 0 or 2, into a room node 1 would own had it stayed.
      Sending sending = sendingInto(room -> Owners.ownerAmong(members, room, null).equals(cluster.nodeId(1)));
      sending.done().await();

      assertThat(takenByTheJoiner.get()).as("sends the joining node took").isPositive();
      assertThat(routing.first("chat.owner.unanswered", "owner", cluster.nodeId(1))).as("a forward to the node that left").isEmpty();
      assertThat(wrongAnswers).isEmpty();
      assertGaplessOnce(allMessages(0, sending.users().get(0), sending.room()), SENDERS * MESSAGES_EACH);
    }
  }

  /** Counts the messages that reach {@code address} on the node at {@code index}. */
  private AtomicInteger counting(int index, String address) {
    AtomicInteger count = new AtomicInteger();
    cluster.node(index).eventBus().addInboundInterceptor(delivery -> {
      if (address.equals(delivery.message().address())) {
        count.incrementAndGet();
      }
      delivery.next();
    });
    return count;
  }

  /** One more message into the sending's room after another, until {@code count} is positive: how many were sent. */
  private int sendUntil(Sending sending, IntSupplier count) {
    AtomicInteger sent = new AtomicInteger();
    Eventually.until(() -> {
      int i = MESSAGES_EACH + sent.getAndIncrement();
      send(sending.users().get(0), sending.room(), i, RETRIES).await();
      return count.getAsInt() > 0;
    }, WAIT, "a write handed to the joining node");
    return sent.get();
  }

  private record Sending(String room, List<String> users, Future<Void> done) {
  }

  /**
   * Senders at once into one group (the first created that is {@code wanted}), each sending its messages
   * one after another, alternating nodes 0 and 1.
   */
  private Sending sendingInto(Predicate<String> wanted) {
    List<String> users = senders(SENDERS);
    String room;
    do {
      room = group(users, "Moving");
    } while (!wanted.test(room));
    String chosen = room;
    List<Future<Void>> running = new ArrayList<>();
    users.forEach(user -> running.add(sendAll(user, chosen, 0)));
    return new Sending(chosen, users, Future.all(running).mapEmpty());
  }

  private Future<Void> sendAll(String user, String room, int i) {
    if (i == MESSAGES_EACH) {
      return Future.succeededFuture();
    }
    return send(user, room, i, RETRIES)
        .compose(sent -> {
          if (!("m" + i).equals(sent.getString("text")) || !("c" + i).equals(sent.getString("clientMsgId"))) {
            synchronized (wrongAnswers) {
              wrongAnswers.add(user + ": m" + i + " answered " + sent.encode());
            }
          }
          acknowledged.incrementAndGet();
          return sendAll(user, room, i + 1);
        });
  }

  /** One send, repeated with the same clientMsgId (as clients do) while it times out or finds no owner. */
  private Future<JsonObject> send(String user, String room, int i, int retries) {
    return cluster.request(i % 2, Addresses.CHAT_SEND, user, new JsonObject().put("room", room).put("text", "m" + i).put("clientMsgId", "c" + i))
        .recover(failure -> retries > 0 && RETRIED.contains(Failures.toContract(failure).error())
            ? send(user, room, i, retries - 1) : Future.failedFuture(failure));
  }

  private static void awaitCondition(BooleanSupplier condition) {
    Eventually.until(condition::getAsBoolean, WAIT, "acknowledged sends");
  }
}
