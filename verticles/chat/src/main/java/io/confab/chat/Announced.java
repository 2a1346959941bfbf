package io.confab.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.TreeSet;

/**
 * The seqs this owner announced, per room: the newest {@link RecentMessages#SIZE} of each, over at most
 * {@link RecentMessages#MESSAGES_MAX} in all (the rooms least recently used are forgotten first). A repeat
 * of a send is announced by an owner that did not announce it itself: the earlier owner may have stored
 * it, moved the room and died before publishing (the kill -9 run's seq 810 in docs/RELIABILITY.md). What
 * is forgotten is announced again at worst, which clients merge by seq; nothing is missed. Accessed on
 * the owning verticle's event loop only, so the first caller of {@link #first} is the only one.
 */
final class Announced {

  private final Cache<String, TreeSet<Long>> rooms = Caffeine.newBuilder().maximumWeight(RecentMessages.MESSAGES_MAX)
      .weigher((String id, TreeSet<Long> seqs) -> 1 + seqs.size()).executor(Runnable::run).build();

  /** Records {@code seq} of {@code room} as announced by this owner: true for the caller that announces it, false once it was. */
  boolean first(String room, long seq) {
    boolean[] added = new boolean[1];
    // compute, not a change in place, so that the room is weighed again.
    rooms.asMap().compute(room, (id, seqs) -> {
      TreeSet<Long> held = seqs == null ? new TreeSet<>() : seqs;
      added[0] = held.add(seq);
      while (held.size() > RecentMessages.SIZE) {
        held.pollFirst();
      }
      return held;
    });
    return added[0];
  }
}
