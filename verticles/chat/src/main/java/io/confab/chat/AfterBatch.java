package io.confab.chat;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What moves with each batch of new messages, before its rooms (which carry the senders' own positions,
 * {@link Rooms#SENT_SEQ}): the mentioned members' unread mentions, the threads' memberships (a reply's
 * sender's thread marker with them), the missed-mail schedule of the others (not waited for: a mail
 * missed is no reason to refuse a send), and their links to a previews worker (fire and forget). Once a
 * batch ends, one notice to search ({@link Addresses#SEARCH_CHANGED}) of the rooms it wrote (each a
 * top-level entry, as a search node of the version before the states reads it) and the states it wrote
 * there, so search need not read them back: a room's states whole or not at all, up to
 * {@link #NOTICE_TEXT_MAX} characters of text (a batch of long texts sends its other rooms by rev alone,
 * and search reads those from the store).
 */
final class AfterBatch implements Messages.AfterStore {

  private static final Logger LOG = LoggerFactory.getLogger(AfterBatch.class);
  /** Characters of message text one notice to search carries at most (a batch holds up to 256 texts of 4,000). */
  static final int NOTICE_TEXT_MAX = 64 * 1024;

  private final Reads reads;
  private final MissedMail missedMail;
  private final Previews previews;
  private final ThreadMembers threadMembers;
  private final EventBus bus;

  AfterBatch(Reads reads, MissedMail missedMail, Previews previews, ThreadMembers threadMembers, EventBus bus) {
    this.reads = reads;
    this.missedMail = missedMail;
    this.previews = previews;
    this.threadMembers = threadMembers;
    this.bus = bus;
  }

  @Override
  public void written(Map<String, Long> revs, List<JsonObject> states) {
    if (revs.isEmpty()) {
      return;
    }
    Map<String, List<JsonObject>> byRoom = states.stream().collect(Collectors.groupingBy(state -> state.getString("room")));
    JsonArray carried = new JsonArray();
    int text = 0;
    for (List<JsonObject> room : byRoom.values()) {
      int length = room.stream().mapToInt(state -> state.getString("text", "").length()).sum();
      if (text + length <= NOTICE_TEXT_MAX) {
        text += length;
        room.forEach(carried::add);
      }
    }
    bus.publish(Addresses.SEARCH_CHANGED, new JsonObject(new HashMap<String, Object>(revs)).put(Addresses.SEARCH_CHANGED_STATES, carried));
  }

  @Override
  public Future<Void> stored(List<Messages.Stored> fresh) {
    missedMail.messagesStored(fresh).onFailure(failure -> LOG.atWarn().setMessage("chat.missed.schedule.failed")
        .addKeyValue("cause", String.valueOf(failure.getMessage())).log());
    fresh.forEach(stored -> previews.asked(stored.message()));
    return Future.all(
        reads.mentioned(fresh.stream().flatMap(stored -> Messages.mentioned(stored.room(), stored.message()).stream()
            .map(user -> new Reads.Mention(stored.room().getString("_id"), user, stored.message().getLong("seq")))).toList()),
        threadMembers.replied(fresh))
        .mapEmpty();
  }
}
