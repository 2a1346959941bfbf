package io.confab.files;

import io.confab.base.Failures;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Who may read a file: its uploader, and the current members of the rooms where a message of the uploader
 * that is not deleted carries it (the file's {@code shares}; members asked of chat, {@code chat.rooms.members}). Anyone else gets 404, as if
 * the file did not exist.
 */
final class FileAccess {

  private final FileStore store;
  private final EventBus bus;

  FileAccess(FileStore store, EventBus bus) {
    this.store = store;
    this.bus = bus;
  }

  /** The file's document when {@code userId} may read it; 404 {@code not_found} otherwise. */
  Future<JsonObject> readable(String fileId, String userId) {
    if (!FileViews.validId(fileId)) {
      return notFound();
    }
    return store.byId(fileId).compose(file -> {
      if (file == null) {
        return notFound();
      }
      if (userId.equals(file.getString("owner"))) {
        return Future.succeededFuture(file);
      }
      return memberOfAny(FileStore.sharedIn(file), userId)
          .compose(member -> member ? Future.succeededFuture(file) : notFound());
    });
  }

  private Future<Boolean> memberOfAny(Set<String> rooms, String userId) {
    if (rooms.isEmpty()) {
      return Future.succeededFuture(false);
    }
    List<Future<Boolean>> checks = rooms.stream().map(room -> member(room, userId)).toList();
    return Future.all(checks).map(done -> checks.stream().anyMatch(Future::result));
  }

  /** A room chat does not know (deleted, or never was) has no members. */
  private Future<Boolean> member(String room, String userId) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis());
    return bus.<JsonObject>request(Addresses.CHAT_ROOM_MEMBERS, new JsonObject().put("room", room), options)
        .map(reply -> {
          JsonArray members = reply.body() == null ? null : reply.body().getJsonArray("members");
          return members != null && members.contains(userId);
        })
        .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == ErrorCode.NOT_FOUND.status()
            ? Future.succeededFuture(false)
            : Future.failedFuture(Failures.toContract(failure)));
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
  }
}
