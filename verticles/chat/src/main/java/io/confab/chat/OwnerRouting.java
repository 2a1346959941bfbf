package io.confab.chat;

import io.confab.base.Failures;
import io.confab.base.Replies;
import io.confab.base.Requests;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a room's writes are made and its resume reads answered: by the chat instance that owns the room
 * ({@link Owners}), which orders its writes and remembers its newest messages ({@link RecentMessages}).
 * Any instance takes the request (a write counted against the user's limit here) and hands it to the
 * owner's own address (one hop) unless it is the owner. An owner that cannot be reached (gone, or not
 * answering during a move) is replaced: an owner without handlers (it left) by the room's next owner at
 * once, one that did not answer in time by the instance that took the request, which writes itself (the
 * store's unique indexes keep two writers of one room correct, {@link Messages}) or reads the store.
 * An owner that refuses a request as invalid may be of another version during a rolling upgrade: the
 * taker serves that request itself too (its own validation answers a client's mistake the same way).
 */
final class OwnerRouting {

  private static final Logger LOG = LoggerFactory.getLogger(OwnerRouting.class);

  /** How long a write handed to its room's owner may take before this instance writes it itself. */
  static final long FORWARD_TIMEOUT_MS = 5_000;
  /** Header of a request handed to its room's owner: which one it is (its contract address). */
  static final String WRITE = "x-confab-write";

  /** Serves a request as its room's owner, or in its place when the owner did not answer. */
  interface AtOwner {
    Future<Object> serve(String address, Message<JsonObject> request);
  }

  /** The owner is gone or did not answer in time (a move under way): the store fences whoever writes instead. */
  private static final Set<ReplyFailure> UNREACHABLE = EnumSet.of(ReplyFailure.NO_HANDLERS, ReplyFailure.TIMEOUT);

  private final EventBus bus;
  private final Owners owners;
  private final WriteLimit writeLimit;
  private final AtOwner atOwner;

  OwnerRouting(EventBus bus, Owners owners, WriteLimit writeLimit, AtOwner atOwner) {
    this.bus = bus;
    this.owners = owners;
    this.writeLimit = writeLimit;
    this.atOwner = atOwner;
  }

  /** A write as any instance takes it: counted against the user's limit here, then written by the room's owner. */
  Future<Object> write(Message<JsonObject> request) {
    writeLimit.count(Requests.caller(request));
    return toOwner(request);
  }

  /** A write of the platform's own (a link preview), on no user's behalf: no user's limit, written by the room's owner. */
  Future<Object> platformWrite(Message<JsonObject> request) {
    return toOwner(request);
  }

  /** A read as any instance takes it: answered by the room's owner, from its memory where it can. */
  Future<Object> read(Message<JsonObject> request) {
    return toOwner(request);
  }

  private Future<Object> toOwner(Message<JsonObject> request) {
    return toOwner(request, owners.owner(ChatInput.roomId(request.body())), false);
  }

  /**
   * {@code passedOver}: the room's owner was found without handlers and this is its next one; an owner
   * found without handlers is passed over once (a second miss, or a time-out, is served here).
   */
  private Future<Object> toOwner(Message<JsonObject> request, String owner, boolean passedOver) {
    if (owner.equals(owners.self())) {
      return atOwner.serve(request.address(), request);
    }
    DeliveryOptions handed = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS).addHeader(WRITE, request.address());
    request.headers().forEach(header -> handed.addHeader(header.getKey(), header.getValue()));
    return bus.request(Owners.address(owner), request.body(), handed)
        .map(OwnerRouting::relayed)
        .recover(failure -> {
          if (Failures.toContract(failure).error() == ErrorCode.INVALID_REQUEST) {
            // An owner of another version (a rolling upgrade) may not serve what it is handed (one before
            // resume from the owner's memory knows no forwarded history or sync) or read a field another
            // way: whatever it calls invalid is served here, which refuses it too if it is.
            return atOwner.serve(request.address(), request);
          }
          if (!(failure instanceof ReplyException reply) || !UNREACHABLE.contains(reply.failureType())) {
            return Future.failedFuture(failure);
          }
          LOG.atInfo().setMessage("chat.owner.unanswered").addKeyValue("owner", owner).addKeyValue("failure", reply.failureType()).log();
          return !passedOver && reply.failureType() == ReplyFailure.NO_HANDLERS
              ? toOwner(request, owners.ownerWithout(owner, ChatInput.roomId(request.body())), true)
              : atOwner.serve(request.address(), request);
        });
  }

  /** A request handed over by the instance that took it: this instance owns (or owned) its room. */
  Future<Object> handedOver(Message<JsonObject> request) {
    return atOwner.serve(String.valueOf(request.headers().get(WRITE)), request);
  }

  /** The owner's answer as the taker gives it back, its status included. */
  private static Object relayed(Message<Object> reply) {
    String status = reply.headers().get(Headers.STATUS);
    return status == null ? reply.body() : new Replies.WithStatus(reply.body(), Integer.parseInt(status));
  }
}
