package io.confab.search;

import java.util.Set;

/**
 * A search as the engine runs it: {@code text} as the caller wrote it (every word must match, a
 * "quoted phrase" as a phrase, no other syntax), only in {@code rooms}, newest first (by ts, then by id,
 * both descending), at most {@code limit} hits, and only those after {@code after} in that order (the last
 * hit of the previous page), or from the newest when null.
 */
public record SearchQuery(String text, Set<String> rooms, int limit, SearchHit.Position after) {
}
