package io.confab.chat;

import io.confab.base.Replies;
import io.confab.base.Requests;
import io.confab.contract.Headers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * Where a room's writes are made: by the chat instance that owns the room ({@link Owners}). Any instance
 * takes the request, counts the user's write against the limit, and hands it to the owner's own address
 * (one hop) unless it is the owner. An owner that cannot be reached (gone, or not answering during a
 * move) is replaced by the instance that took the request, which writes itself: the store's unique
 * indexes keep two writers of one room correct ({@link Messages}).
 */
final class OwnerRouting {

  /** How long a write handed to its room's owner may take before this instance writes it itself. */
  static final long FORWARD_TIMEOUT_MS = 5_000;
  /** Header of a write handed to its room's owner: which write it is (its contract address). */
  static final String WRITE = "x-confab-write";

  /** Makes a write as its room's owner; {@code ownerLost}: the owner did not answer, this instance writes instead. */
  interface Writer {
    Future<Object> write(String address, Message<JsonObject> request, boolean ownerLost);
  }

  private final EventBus bus;
  private final Owners owners;
  private final WriteLimit writeLimit;
  private final Writer writer;

  OwnerRouting(EventBus bus, Owners owners, WriteLimit writeLimit, Writer writer) {
    this.bus = bus;
    this.owners = owners;
    this.writeLimit = writeLimit;
    this.writer = writer;
  }

  /** A write as any instance takes it: counted against the user's limit here, then written by the room's owner. */
  Future<Object> taken(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = ChatInput.roomId(request.body());
    writeLimit.count(caller);
    String owner = owners.owner(roomId);
    if (owner.equals(owners.self())) {
      return writer.write(request.address(), request, false);
    }
    DeliveryOptions handed = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS).addHeader(WRITE, request.address());
    request.headers().forEach(header -> handed.addHeader(header.getKey(), header.getValue()));
    return bus.request(Owners.address(owner), request.body(), handed)
        .map(OwnerRouting::relayed)
        .recover(failure -> unreachable(failure) ? writer.write(request.address(), request, true) : Future.failedFuture(failure));
  }

  /** A write handed over by the instance that took it: this instance owns (or owned) its room. */
  Future<Object> handedOver(Message<JsonObject> request) {
    return writer.write(String.valueOf(request.headers().get(WRITE)), request, false);
  }

  /** The owner's answer as the taker gives it back, its status included. */
  private static Object relayed(Message<Object> reply) {
    String status = reply.headers().get(Headers.STATUS);
    return status == null ? reply.body() : new Replies.WithStatus(reply.body(), Integer.parseInt(status));
  }

  /** The owner is gone or did not answer in time (a move under way): the store fences whoever writes instead. */
  private static boolean unreachable(Throwable failure) {
    return failure instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT);
  }
}
