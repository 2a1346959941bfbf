package io.confab.chat;

import io.confab.contract.Addresses;
import io.confab.contract.MailTemplates;
import io.confab.contract.RedisKeys;
import io.confab.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mail for messages a member missed: a member offline when a message arrives is scheduled in Redis
 * (the first message of a period sets the time); when the delay has passed and the member is still
 * offline with the messages unread, one {@code missed_messages} mail per room and period goes out
 * through the mail path. Claiming a due entry is a ZREM, so of several chat instances one mails.
 */
final class MissedMail {

  private static final Logger LOG = LoggerFactory.getLogger(MissedMail.class);
  static final String DUE = "confab:chat:missed:due";
  static final int MESSAGES_SHOWN = 5;
  static final int BATCH = 100;

  interface Unread {
    /** The room and the member's unread messages (oldest first, at most a few), or null when none. */
    Future<JsonObject> of(String room, String user, int limit);
  }

  private final RedisAPI redis;
  private final EventBus bus;
  private final Presence presence;
  private final long delayMs;
  private final String publicUrl;

  MissedMail(RedisAPI redis, EventBus bus, Presence presence, long delayMs, String publicUrl) {
    this.redis = redis;
    this.bus = bus;
    this.presence = presence;
    this.delayMs = delayMs;
    this.publicUrl = publicUrl;
  }

  /**
   * KEYS: the due set, then each member's presence set, then each member's sent mark. ARGV: now, the due
   * time, then each member's entry. Schedules every member with no unexpired connection and no recent mail.
   */
  private static final String SCHEDULE = String.join("\n",
      "local n = (#KEYS - 1) / 2",
      "for i = 1, n do",
      "  if redis.call('ZCOUNT', KEYS[1 + i], ARGV[1], '+inf') == 0 and redis.call('EXISTS', KEYS[1 + n + i]) == 0 then",
      "    redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[2 + i])",
      "  end",
      "end",
      "return 0");

  /**
   * After a batch of messages is stored: schedules every offline member of each room but the message's
   * sender, in one Redis command for the whole batch.
   */
  Future<Void> messagesStored(List<Messages.Stored> fresh) {
    Set<String> entries = new LinkedHashSet<>();
    fresh.forEach(stored -> {
      String sender = stored.message().getJsonObject("sender").getString("id");
      String roomId = stored.room().getString("_id");
      Rooms.members(stored.room()).stream().filter(member -> !member.equals(sender)).forEach(member -> entries.add(roomId + "|" + member));
    });
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    long now = System.currentTimeMillis();
    List<String> args = new ArrayList<>(List.of(SCHEDULE, String.valueOf(1 + 2 * entries.size()), DUE));
    entries.forEach(entry -> args.add(RedisKeys.presence(user(entry))));
    entries.forEach(entry -> args.add(sentKey(room(entry), user(entry))));
    args.add(String.valueOf(now));
    args.add(String.valueOf(now + delayMs));
    args.addAll(entries);
    return redis.eval(args).mapEmpty();
  }

  /** One pass over the due entries. */
  Future<Void> sendDue(Unread unread) {
    return redis.zrangebyscore(List.of(DUE, "-inf", String.valueOf(System.currentTimeMillis()), "LIMIT", "0", String.valueOf(BATCH)))
        .compose(due -> Future.join(due.stream().map(entry -> claim(entry.toString()).compose(mine -> mine
            ? mail(entry.toString(), unread) : Future.succeededFuture())).toList()))
        .mapEmpty();
  }

  /**
   * KEYS: the due set, the entry's sent mark. ARGV: the entry, the period (ms). Takes a due entry and sets
   * its sent mark in one step: a message stored while the mail is on its way then finds the mark and
   * schedules nothing (with the mark set after sending, it scheduled a second mail of the same messages).
   */
  private static final String CLAIM = String.join("\n",
      "if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end",
      "redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])",
      "return 1");

  private Future<Boolean> claim(String entry) {
    return redis.eval(List.of(CLAIM, "2", DUE, sentKey(room(entry), user(entry)), entry, String.valueOf(delayMs)))
        .map(claimed -> claimed.toInteger() > 0);
  }

  private Future<Void> mail(String entry, Unread unread) {
    String room = room(entry);
    String user = user(entry);
    Future<Boolean> nothing = Future.succeededFuture(false);
    return presence.online(user).compose(online -> online ? nothing : unread.of(room, user, MESSAGES_SHOWN)
        .compose(missed -> missed == null ? nothing : contact(user).compose(contact -> contact == null ? nothing
            : send(contact, missed).map(true))))
        .compose(mailed -> {
          if (!mailed) {
            return unmark(room, user);
          }
          LOG.atInfo().setMessage("chat.missed.mailed").addKeyValue("room", room).addKeyValue("user", user).log();
          return Future.<Void>succeededFuture();
        })
        .recover(failure -> {
          LOG.atWarn().setMessage("chat.missed.failed").addKeyValue("room", room).addKeyValue("user", user)
              .addKeyValue("error", failure.getMessage()).log();
          return unmark(room, user).otherwiseEmpty();
        });
  }

  /** Nothing went out after the claim: the next message may schedule a mail again. */
  private Future<Void> unmark(String room, String user) {
    return redis.del(List.of(sentKey(room, user))).mapEmpty();
  }

  private Future<JsonObject> contact(String user) {
    return bus.<JsonObject>request(Addresses.AUTH_USERS_LOOKUP, new JsonObject().put("ids", new JsonArray().add(user)).put("contact", true))
        .map(reply -> reply.body().getJsonArray("users").isEmpty() ? null : reply.body().getJsonArray("users").getJsonObject(0));
  }

  private Future<Object> send(JsonObject contact, JsonObject missed) {
    JsonObject room = missed.getJsonObject("room");
    JsonArray shown = new JsonArray(missed.getJsonArray("messages").stream().map(JsonObject.class::cast)
        .map(message -> new JsonObject().put("sender", message.getJsonObject("sender").getString("displayName")).put("text", message.getString("text")))
        .toList());
    String roomName = room.getString("name") != null ? room.getString("name") : shown.getJsonObject(0).getString("sender");
    return bus.request(Addresses.EMAIL_SEND, new JsonObject()
        .put("to", contact.getString("email"))
        .put("template", MailTemplates.MISSED_MESSAGES)
        .put("locale", contact.getString("language"))
        .put("vars", new JsonObject().put("roomName", roomName).put("count", missed.getLong("count"))
            .put("messages", shown).put("url", publicUrl)))
        .map(reply -> reply.body());
  }

  private static String room(String entry) {
    return entry.substring(0, entry.indexOf('|'));
  }

  private static String user(String entry) {
    return entry.substring(entry.indexOf('|') + 1);
  }

  private static String sentKey(String room, String user) {
    return "confab:chat:missed:sent:" + room + "|" + user;
  }
}
