package io.confab.bench;

import java.util.List;

/** The generator's plans: who connects where, what each socket joins, who sends to which room. */
final class Load {

  /** A user as the server knows them, with the token their sockets present. */
  record User(String id, String token) {
  }

  /** One socket to open: its user, the port of the node it uses, the rooms it joins. */
  record SocketSpec(User user, int port, List<String> rooms) {
  }

  /** A sender: one socket sending to one of its rooms, whose readers are counted when opened. */
  record Sender(LoadSocket socket, String room, int readers) {
  }

  private Load() {
  }
}
