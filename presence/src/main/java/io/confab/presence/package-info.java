/**
 * Presence, in one place: the edges record their users' connections here ({@link io.confab.presence.Connections}:
 * a per-user sorted set of connection expiries in Redis, the online set, the refresh, and the
 * {@code chat.presence.changed} news of a user's first and last connection), and chat reads them
 * ({@link io.confab.presence.Presence}: queries, and the sweep of users whose edge died). Neither side
 * depends on the other.
 */
package io.confab.presence;
