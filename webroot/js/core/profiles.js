// The order in which people's profiles came in, without the DOM: a directory answer may have been read
// before a profile event that reached the page while the lookup was out, and must not undo it.

/** A counter of profiles learnt: `asking()` when a lookup goes out, `learnt(id)` for each profile taken. */
export function profileClock() {
  let now = 0;
  const learntAt = new Map(); // id -> when its latest profile was taken
  return {
    asking: () => now,
    learnt: (id) => learntAt.set(id, ++now),
    /** Whether an answer to a lookup asked at `askedAt` is still the latest word on `id`. */
    current: (id, askedAt) => (learntAt.get(id) || 0) <= askedAt,
  };
}
