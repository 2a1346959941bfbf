package io.confab.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How the generator speaks to one kind of server over a WebSocket. Every message's text carries
 * {@code ~phase~id~}, and every request its phase and id in its reply address or ack id, so frames are
 * matched by a scan of the text, without a JSON parse per delivery.
 */
interface Dialect {

  /** The WebSocket path. */
  String path();

  /** True when the socket must wait for the server's answer to {@link #hello} before it joins. */
  default String hello(String token) {
    return null;
  }

  String join(String token, String room);

  String send(String token, String room, int phase, int id, String text);

  /** A keep-alive the client sends on its own every few seconds, or null. */
  String ping();

  /** One frame from the server, as text; the socket answers pings and handshakes itself. */
  void onFrame(LoadSocket socket, String frame);

  static String text(int phase, int id) {
    return "~" + phase + "~" + id + "~ a short line of chat from the bench";
  }

  /** The {@code ~phase~id~} mark in a frame: {phase, id}, or null. */
  static int[] mark(String frame, int from) {
    int a = frame.indexOf('~', from);
    if (a < 0) {
      return null;
    }
    int b = frame.indexOf('~', a + 1);
    int c = b < 0 ? -1 : frame.indexOf('~', b + 1);
    if (c < 0) {
      return null;
    }
    try {
      return new int[] {Integer.parseInt(frame, a + 1, b, 10), Integer.parseInt(frame, b + 1, c, 10)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The Vert.x SockJS bridge's raw WebSocket frames (the official client's frames, headers included),
   * for Confab ({@code chat.send}, the bearer token on every frame) and the bare bridge
   * ({@code bench.send}, no auth). Replies come to {@code r.<phase>.<id>}.
   */
  record Bridge(String sendAddress, boolean confab) implements Dialect {

    static final Bridge CONFAB = new Bridge("chat.send", true);
    static final Bridge BARE = new Bridge(BareBridge.SEND, false);
    private static final String PING = new JsonObject().put("type", "ping").encode();
    private static final String REPLY = "\"address\":\"r.";

    @Override
    public String path() {
      return "/eventbus/websocket";
    }

    private JsonObject frame(String type, String address, String token) {
      JsonObject frame = new JsonObject().put("type", type).put("address", address);
      return confab ? frame.put("headers", new JsonObject().put("authorization", "Bearer " + token)) : frame;
    }

    @Override
    public String join(String token, String room) {
      return frame("register", "room." + room, token).encode();
    }

    /** A Confab socket proves who it is with its first frame: a register for the user's own stream. */
    String register(String token, String address) {
      return frame("register", address, token).encode();
    }

    @Override
    public String send(String token, String room, int phase, int id, String text) {
      JsonObject body = new JsonObject().put("room", room).put("text", text);
      if (confab) {
        body.put("clientMsgId", "b" + phase + "-" + id);
      }
      return frame("send", sendAddress, token).put("replyAddress", "r." + phase + "." + id).put("body", body).encode();
    }

    @Override
    public String ping() {
      return PING;
    }

    @Override
    public void onFrame(LoadSocket socket, String frame) {
      int reply = frame.indexOf(REPLY);
      boolean err = frame.contains("\"type\":\"err\"");
      if (reply >= 0) {
        int start = reply + REPLY.length();
        int dot = frame.indexOf('.', start);
        int end = frame.indexOf('"', dot);
        int phase = Integer.parseInt(frame, start, dot, 10);
        int id = Integer.parseInt(frame, dot + 1, end, 10);
        socket.generator.acked(phase, id, !err, err ? new JsonObject(frame).getString("message") : null);
      } else if (err) {
        socket.generator.refused(new JsonObject(frame).getString("body", "err"));
      } else {
        int[] mark = mark(frame, 0);
        if (mark != null) {
          socket.generator.delivered(mark[0], mark[1]);
        }
      }
    }
  }

  /** Engine.IO v4 over WebSocket with Socket.IO v5 packets: connect with a token, events with ack ids. */
  final class SocketIo implements Dialect {

    static final SocketIo INSTANCE = new SocketIo();
    static final int PHASE_FACTOR = 10_000_000;

    @Override
    public String path() {
      return "/socket.io/?EIO=4&transport=websocket";
    }

    @Override
    public String hello(String token) {
      return "40" + new JsonObject().put("token", token).encode();
    }

    @Override
    public String join(String token, String room) {
      return "42" + new JsonArray().add("join").add(room).encode();
    }

    @Override
    public String send(String token, String room, int phase, int id, String text) {
      return "42" + ((long) phase * PHASE_FACTOR + id) + new JsonArray().add("send")
          .add(new JsonObject().put("room", room).put("text", text).put("clientMsgId", "b" + phase + "-" + id)).encode();
    }

    @Override
    public String ping() {
      return null;
    }

    @Override
    public void onFrame(LoadSocket socket, String frame) {
      if (frame.equals("2")) {
        socket.write("3");
      } else if (frame.startsWith("42")) {
        int[] mark = mark(frame, 2);
        if (mark != null) {
          socket.generator.delivered(mark[0], mark[1]);
        }
      } else if (frame.startsWith("43")) {
        int bracket = frame.indexOf('[');
        long ack = Long.parseLong(frame, 2, bracket, 10);
        boolean failed = frame.contains("\"error\"");
        socket.generator.acked((int) (ack / PHASE_FACTOR), (int) (ack % PHASE_FACTOR), !failed, failed ? "store_failed" : null);
      } else if (frame.startsWith("40")) {
        socket.ready();
      } else if (frame.startsWith("44")) {
        socket.refusedHello(frame);
      } else if (frame.startsWith("0")) {
        socket.opened();
      }
    }
  }
}
