package io.confab.search;

import java.util.List;

/**
 * One message found: its id, room and ts, and {@code highlights}, short plain-text pieces of its text
 * around the matches (never markup: a {@code <b>} in the text comes back as those characters).
 */
public record SearchHit(String id, String room, long ts, List<String> highlights) {

  /** Where a hit stands in the newest-first order: what the next page starts after. */
  public record Position(long ts, String id) {
  }

  public Position position() {
    return new Position(ts, id);
  }
}
