package io.confab.chat;

import static io.confab.contract.Addresses.*;

import io.confab.base.ConfigValues;
import io.confab.base.Consumers;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Limits;
import io.confab.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat's address table: rooms ({@link RoomRequests}), messages ({@link MessageRequests}, whose writes
 * {@link OwnerRouting} brings to the room's owner; link previews, {@link Previews} and {@link PreviewUpdates}), reads and typing ({@link ReadRequests}), presence
 * ({@link PresenceRequests}). Every handler validates first, checks the caller's membership, stores, and
 * only then answers and publishes.
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);
  /** Config key: writes per user and second (default {@link Limits#WRITES_PER_SECOND}). */
  static final String WRITES_PER_SECOND = "chat-writes-per-second";
  /** Config key: how long a member may stay offline with unread messages before a missed-messages mail. */
  static final String MISSED_MAIL_DELAY_MS = "chat-missed-mail-delay-ms";
  /** Config key: how often to look for missed-messages mails that are due. */
  static final String MISSED_MAIL_SCAN_MS = "chat-missed-mail-scan-ms";
  /** Config key: how often to look for users whose edge died (default {@link Presence#SWEEP_MS}). */
  static final String PRESENCE_SWEEP_MS = "chat-presence-sweep-ms";

  private final Owners owners;
  private Messages messages;
  private Consumers consumers;

  /** Standalone: this instance owns every room. */
  public ChatVerticle() {
    this(null);
  }

  /** In a cluster: rooms are owned by the chat instances of the nodes {@code cluster} lists (null: standalone). */
  public ChatVerticle(ClusterManager cluster) {
    this.owners = new Owners(cluster);
  }

  @Override
  public Future<?> start() {
    // A graceful leave hands this instance's rooms over before its owner address stops answering.
    consumers = new Consumers(vertx, owners::leave);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, StoreConfig.redis(config())));
    Rooms rooms = new Rooms(mongo);
    Reads reads = new Reads(mongo);
    Events events = new Events(vertx.eventBus());
    Directory directory = new Directory(vertx.eventBus());
    Presence presence = new Presence(redis);
    String publicUrl = config().getString(ConfigKeys.PUBLIC_URL,
        "http://127.0.0.1:" + config().getInteger(ConfigKeys.HTTP_PORT, 8080) + "/");
    MissedMail missedMail = new MissedMail(redis, vertx.eventBus(), presence, config().getLong(MISSED_MAIL_DELAY_MS, 10 * 60_000L), publicUrl);
    Previews previews = new Previews(vertx.eventBus(), ConfigValues.bool(config(), ConfigKeys.PREVIEW_ENABLED, true));
    ThreadMembers threadMembers = new ThreadMembers(mongo);
    AfterBatch afterBatch = new AfterBatch(reads, missedMail, previews, threadMembers, vertx.eventBus());
    messages = new Messages(mongo, new RecentMessages(), rooms, afterBatch, owners::ownsLocally);

    RoomRequests roomRequests = new RoomRequests(rooms, reads, messages, events, directory);
    Pins pins = new Pins(rooms, messages, events);
    Reactions reactions = new Reactions(rooms, messages, events);
    Receipts receipts = new Receipts(rooms, reads, messages, directory);
    PreviewUpdates previewUpdates = new PreviewUpdates(rooms, messages, events);
    WriteLimit writeLimit = new WriteLimit(config().getInteger(WRITES_PER_SECOND, Limits.WRITES_PER_SECOND));
    Threads threads = new Threads(rooms, messages, threadMembers, writeLimit);
    MessageRequests messageRequests = new MessageRequests(vertx.eventBus(), rooms, messages, events, directory, afterBatch, pins, reads,
        previews);
    OwnerRouting.AtOwner atOwner = (address, request, ownerLost) -> switch (address) {
      case CHAT_REACT -> reactions.react(request);
      case CHAT_PIN -> pins.pin(request);
      case CHAT_PREVIEWS_SET -> previewUpdates.set(request);
      default -> messageRequests.serve(address, request, ownerLost);
    };
    OwnerRouting routing = new OwnerRouting(vertx.eventBus(), owners, writeLimit, atOwner);
    ReadRequests readRequests = new ReadRequests(rooms, reads, messages, events, redis);
    PresenceRequests presenceRequests = new PresenceRequests(rooms, presence, events);

    vertx.setPeriodic(config().getLong(PRESENCE_SWEEP_MS, Presence.SWEEP_MS), timer -> presenceRequests.sweep());
    vertx.setPeriodic(config().getLong(MISSED_MAIL_SCAN_MS, 30_000L), timer -> missedMail.sendDue(readRequests));
    return Future.all(rooms.prepare(), messages.prepare(), reads.prepare(), threadMembers.prepare())
        .compose(ready -> owners.start(context, this::ownersChanged))
        .compose(ready -> Future.all(List.of(
            consumers.serve(ROOMS_CREATE, roomRequests::create),
            consumers.serve(ROOMS_LIST, roomRequests::list),
            consumers.serve(ROOMS_GET, roomRequests::get),
            consumers.serve(ROOMS_MEMBERS_ADD, roomRequests::addMember),
            consumers.serve(ROOMS_MEMBERS_REMOVE, roomRequests::removeMember),
            consumers.serve(ROOMS_JOIN, roomRequests::join),
            consumers.serve(CHANNELS_LIST, roomRequests::channels),
            consumers.serve(CHAT_ROOM_MEMBERS, roomRequests::members),
            consumers.serve(CHAT_SEND, routing::write),
            consumers.serve(CHAT_EDIT, routing::write),
            consumers.serve(CHAT_DELETE, routing::write),
            consumers.serve(CHAT_REACT, routing::write),
            consumers.serve(CHAT_PIN, routing::write),
            consumers.serve(CHAT_PREVIEWS_SET, routing::platformWrite),
            consumers.serve(CHAT_READERS, receipts::readers),
            consumers.serve(CHAT_THREAD, threads::thread),
            consumers.serve(CHAT_THREAD_READ, threads::read),
            consumers.serve(CHAT_THREAD_FOLLOW, threads::follow),
            consumers.serve(CHAT_THREADS_LIST, threads::list),
            consumers.serve(CHAT_HISTORY, routing::read),
            consumers.serve(CHAT_SYNC, routing::read),
            consumers.serveToTheEnd(Owners.address(owners.self()), routing::handedOver),
            consumers.serve(CHAT_MESSAGE_GET, messageRequests::get),
            consumers.serve(CHAT_READ, readRequests::read),
            consumers.serve(CHAT_TYPING, readRequests::typing),
            consumers.serve(ROOMS_SETTINGS, readRequests::settings),
            consumers.serve(PRESENCE_QUERY, presenceRequests::query),
            vertx.eventBus().<JsonObject>consumer(CHAT_PRESENCE_CHANGED, presenceRequests::changed).completion(),
            vertx.eventBus().<JsonObject>consumer(CHAT_PROFILE_CHANGED, presenceRequests::profileChanged).completion(),
            vertx.eventBus().<JsonObject>consumer(CHAT_MEMBERSHIP_CHANGED, change -> rooms.forget(change.body().getString("room")))
                .completion())));
  }

  /** The other chat instances take this one's rooms, requests in flight finish; new ones go to other nodes. */
  @Override
  public Future<?> stop() {
    return consumers.drain().andThen(drained -> owners.stop());
  }

  private void ownersChanged() {
    messages.ownersChanged();
    LOG.atInfo().setMessage("chat.owners.changed").addKeyValue("node", owners.self()).log();
  }
}
