package io.confab.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One person's raw bridge connection (/eventbus/websocket, the bridge's JSON frames, the authorization
 * header on every frame, a ping every 5 s), registered on {@code room.<id>}. It keeps a timeline from
 * live {@code message} events and {@code chat.history} resumes, and an outbox of sends (one in flight;
 * a failed send is retried with the same clientMsgId). On losing its socket it reconnects, home node
 * first when ready, else the other bridge, re-registers and resumes after its last contiguous seq.
 *
 * <p>Everything here runs on the one Vert.x context given; the bench reads it through that context.
 */
public final class ChatClient {

  /** enqueuedNanos: when the generator made it; firstAttempt[0]: when it was first written to a socket. */
  public record Outgoing(String clientMsgId, String text, long enqueuedNanos, long[] firstAttempt, int[] attempts) {}

  /** A send failure as the client saw it: when (ms since run start), the code, the node it was on. */
  public record Failure(long atMs, String code, int node, String clientMsgId) {}

  public final String name;
  final String userId;
  final String token;
  final String room;
  public final int homeNode;
  private final Vertx vertx;
  private final Run run;
  private final Map<Integer, Integer> bridgePorts;
  private final WebSocketClient wsClient;
  private final HttpClient httpClient;

  // connection
  private WebSocket socket;
  public int currentNode;
  private int generation;
  private long pingTimer = -1;
  private boolean connecting;
  private boolean moveWanted;
  private boolean closing;
  boolean stopped;
  private final Map<String, Promise<JsonObject>> replies = new HashMap<>();
  private long replySeq;

  // timeline: seq -> message id, from live events and resumes only
  public final TreeMap<Long, String> timeline = new TreeMap<>();
  private long contiguous;
  public final List<String> conflicts = new ArrayList<>();

  // outbox
  final ArrayDeque<Outgoing> outbox = new ArrayDeque<>();
  boolean inFlight;
  private long sentCounter;

  // stats
  public int reconnects;
  public int moves;
  public int resumes;
  public int resumedMessages;
  public int lateResumeCatches;
  public int naiveResumeHoles;
  public int rejected;
  public int closedInFlight;
  public final List<Failure> failures = new ArrayList<>();

  ChatClient(Vertx vertx, Run run, String name, String userId, String token, String room,
      int homeNode, Map<Integer, Integer> bridgePorts) {
    this.vertx = vertx;
    this.run = run;
    this.name = name;
    this.userId = userId;
    this.token = token;
    this.room = room;
    this.homeNode = homeNode;
    this.bridgePorts = bridgePorts;
    this.wsClient = vertx.createWebSocketClient();
    this.httpClient = vertx.createHttpClient();
  }

  public boolean connected() {
    return socket != null;
  }

  // ---------------------------------------------------------------- connection

  /** Connects to the home node if it is ready, else to another bridge; retries every 500 ms. */
  void connect() {
    if (stopped || connecting || socket != null) {
      return;
    }
    connecting = true;
    List<Integer> order = new ArrayList<>();
    order.add(homeNode);
    bridgePorts.keySet().stream().filter(n -> n != homeNode).sorted().forEach(order::add);
    tryNodes(order, 0);
  }

  private void tryNodes(List<Integer> order, int i) {
    if (stopped) {
      connecting = false;
      return;
    }
    if (i >= order.size()) {
      vertx.setTimer(500, t -> tryNodes(order, 0));
      return;
    }
    int node = order.get(i);
    int port = bridgePorts.get(node);
    ready(port).compose(ok -> ok ? wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
            .setURI("/eventbus/websocket").setTimeout(3000)) : Future.failedFuture("not ready"))
        .onSuccess(ws -> opened(ws, node))
        .onFailure(e -> tryNodes(order, i + 1));
  }

  private Future<Boolean> ready(int port) {
    return httpClient.request(HttpMethod.GET, port, "127.0.0.1", "/health/ready")
        .compose(request -> request.idleTimeout(2000).send())
        .compose(response -> response.body().map(b -> response.statusCode() == 200))
        .otherwise(false);
  }

  private void opened(WebSocket ws, int node) {
    connecting = false;
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    closing = false;
    currentNode = node;
    int gen = ++generation;
    ws.handler(buffer -> onFrame(buffer));
    ws.exceptionHandler(e -> { });
    ws.closeHandler(v -> onClosed(gen));
    pingTimer = vertx.setPeriodic(5000, t -> write(new JsonObject().put("type", "ping")));
    write(frame("register", "room." + room));
    resume(gen, true);
    pump();
  }

  private void onClosed(int gen) {
    if (gen != generation) {
      return;
    }
    socket = null;
    vertx.cancelTimer(pingTimer);
    List<Promise<JsonObject>> pending = new ArrayList<>(replies.values());
    replies.clear();
    pending.forEach(p -> p.tryFail(new BridgeFailure("closed", 0)));
    if (stopped) {
      return;
    }
    if (moveWanted) {
      moveWanted = false;
      moves++;
    } else {
      reconnects++;
      run.event(name + " lost its socket on node " + currentNode);
    }
    vertx.setTimer(100, t -> connect());
  }

  /** Rebalancing: back to the home node once it is ready again (after any send in flight). */
  public void goHome() {
    if (stopped || socket == null || currentNode == homeNode) {
      return;
    }
    if (inFlight) {
      moveWanted = true;
      return;
    }
    moveWanted = true;
    closing = true;
    socket.close();
  }

  void stop() {
    stopped = true;
    if (socket != null) {
      vertx.cancelTimer(pingTimer);
      socket.close();
    }
  }

  // ---------------------------------------------------------------- frames

  private JsonObject frame(String type, String address) {
    return new JsonObject().put("type", type).put("address", address)
        .put("headers", new JsonObject().put("authorization", "Bearer " + token));
  }

  private void write(JsonObject frame) {
    if (socket != null) {
      socket.writeTextMessage(frame.encode());
    }
  }

  private Future<JsonObject> request(String address, JsonObject body, long timeoutMs) {
    if (socket == null) {
      return Future.failedFuture(new BridgeFailure("closed", 0));
    }
    String replyAddress = name + ".r" + (++replySeq);
    Promise<JsonObject> reply = Promise.promise();
    replies.put(replyAddress, reply);
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (replies.remove(replyAddress) != null) {
        reply.tryFail(new BridgeFailure("client_timeout", 0));
      }
    });
    write(frame("send", address).put("replyAddress", replyAddress).put("body", body));
    return reply.future().andThen(r -> vertx.cancelTimer(timer));
  }

  private void onFrame(Buffer buffer) {
    JsonObject frame;
    try {
      frame = buffer.toJsonObject();
    } catch (RuntimeException e) {
      return;
    }
    String address = frame.getString("address");
    Promise<JsonObject> reply = address == null ? null : replies.remove(address);
    String type = frame.getString("type");
    if (reply != null) {
      if ("err".equals(type)) {
        reply.tryFail(new BridgeFailure(String.valueOf(frame.getString("message")), frame.getInteger("failureCode", 0)));
      } else {
        reply.tryComplete(frame.getJsonObject("body", new JsonObject()));
      }
      return;
    }
    if ("err".equals(type)) {
      rejected++;
      run.event(name + " got an err frame on node " + currentNode + ": " + frame.encode());
      return;
    }
    if ("rec".equals(type) && ("room." + room).equals(address)) {
      JsonObject body = frame.getJsonObject("body");
      if (body != null && "message".equals(body.getString("type"))) {
        merge(body);
      }
    }
  }

  /** True when the seq was new to the timeline. */
  private boolean merge(JsonObject message) {
    long seq = message.getLong("seq");
    String id = message.getString("id");
    String known = timeline.putIfAbsent(seq, id);
    if (known != null && !known.equals(id)) {
      conflicts.add("seq " + seq + ": " + known + " then " + id);
    }
    while (timeline.containsKey(contiguous + 1)) {
      contiguous++;
    }
    return known == null;
  }

  // ---------------------------------------------------------------- resume

  /**
   * chat.history after the last contiguous seq, page by page; the first resume on a new socket is
   * repeated 1.5 s later, since a register is not acknowledged and may complete after the history read.
   */
  private void resume(int gen, boolean first) {
    if (gen != generation || socket == null) {
      return;
    }
    resumes++;
    long maxSeen = timeline.isEmpty() ? 0 : timeline.lastKey();
    if (first && maxSeen > contiguous) {
      naiveResumeHoles++;
      List<Long> holes = new ArrayList<>();
      for (long s = contiguous + 1; s < maxSeen && holes.size() < 20; s++) {
        if (!timeline.containsKey(s)) {
          holes.add(s);
        }
      }
      run.event(name + " resumes on node " + currentNode + " with holes " + holes + " below its max seen seq " + maxSeen
          + " (after: " + contiguous + ")");
    }
    int[] added = {0};
    page(gen, contiguous, added).onComplete(done -> {
      resumedMessages += added[0];
      if (!first && added[0] > 0) {
        lateResumeCatches += added[0];
      }
      if (first) {
        vertx.setTimer(1500, t -> resume(gen, false));
      }
    });
  }

  private Future<Void> page(int gen, long after, int[] added) {
    return request("chat.history", new JsonObject().put("room", room).put("after", after).put("limit", 200), 15000)
        .compose(reply -> {
          JsonArray messages = reply.getJsonArray("messages", new JsonArray());
          long last = after;
          for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            if (merge(m)) {
              added[0]++;
            }
            last = Math.max(last, m.getLong("seq"));
          }
          if (reply.getBoolean("hasMore", false) && gen == generation) {
            return page(gen, last, added);
          }
          return Future.succeededFuture();
        })
        .recover(e -> {
          run.event(name + " resume failed on node " + currentNode + ": " + e.getMessage());
          if (gen == generation && socket != null) {
            vertx.setTimer(1000, t -> resume(gen, true));
          }
          return Future.succeededFuture();
        });
  }

  // ---------------------------------------------------------------- sending

  void enqueue() {
    String clientMsgId = name + "-" + (++sentCounter);
    outbox.add(new Outgoing(clientMsgId, "kill-test " + clientMsgId, System.nanoTime(), new long[1], new int[1]));
    run.sent(clientMsgId);
    pump();
  }

  private void pump() {
    if (stopped || inFlight || closing || socket == null || outbox.isEmpty()) {
      return;
    }
    Outgoing next = outbox.peek();
    inFlight = true;
    next.attempts()[0]++;
    if (next.firstAttempt()[0] == 0) {
      next.firstAttempt()[0] = System.nanoTime();
    }
    if (next.attempts()[0] > 1) {
      run.retried(next.clientMsgId());
    }
    int node = currentNode;
    request("chat.send", new JsonObject().put("room", room).put("text", next.text()).put("clientMsgId", next.clientMsgId()), 15000)
        .onComplete(result -> {
          inFlight = false;
          if (result.succeeded()) {
            outbox.poll();
            JsonObject message = result.result();
            run.acked(this, next, message.getLong("seq"), message.getString("id"));
            if (moveWanted && socket != null) {
              closing = true;
              socket.close();
            }
            pump();
          } else {
            String code = result.cause() instanceof BridgeFailure f ? f.code : String.valueOf(result.cause());
            if ("closed".equals(code)) {
              closedInFlight++;
            }
            failures.add(new Failure(run.sinceStartMs(), code, node, next.clientMsgId()));
            long wait = "too_many_requests".equals(code) ? 1000 : "closed".equals(code) ? 0 : 300;
            vertx.setTimer(Math.max(1, wait), t -> pump());
          }
        });
  }

  static final class BridgeFailure extends RuntimeException {
    final String code;
    final int status;

    BridgeFailure(String code, int status) {
      super(status == 0 ? code : status + " " + code, null, false, false);
      this.code = code;
      this.status = status;
    }
  }

  /** What the run records; called on the client's context. */
  interface Run {
    long sinceStartMs();

    void sent(String clientMsgId);

    void retried(String clientMsgId);

    void acked(ChatClient client, Outgoing outgoing, long seq, String id);

    void event(String text);
  }
}
