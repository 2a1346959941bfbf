// What every feature shares on the page's fixed shell (index.html): its elements by id, and the two
// ways to tell people something went wrong (a toast, or an error in words).
import { ApiError, BusError } from './failures.js';

export const $ = (id) => document.getElementById(id);

export function show(el, visible) {
  el.hidden = !visible;
}

const SOMETHING_WRONG = 'Something went wrong.';

const BY_CODE = {
  not_member: 'You are not a member of this room.',
  forbidden: 'You are not allowed to do that.',
  not_found: 'That is gone.',
  too_many_requests: 'Too many requests: wait a moment and try again.',
  invalid_request: 'That cannot be sent (too long or malformed).',
  timeout: 'The server took too long to answer.',
  unavailable: 'The service is unavailable right now; try again shortly.',
  reaction_limit: 'This message already has 20 different reactions: add one of those instead.',
  pin_limit: 'This room already has 50 pinned messages: unpin one first.',
  unauthorized: 'Your session has expired. Sign in again.',
};

/**
 * A request's failure (HTTP or bridge) in words for people. Anything else is the page's own fault: it is
 * reported as uncaught (the console, window's error event), and people are told only that it went wrong.
 */
export function errorText(e) {
  if (e instanceof ApiError) return e.message;
  if (e instanceof BusError) return e.failureCode === 0 ? 'You are offline.' : BY_CODE[e.message] || e.message || SOMETHING_WRONG;
  reportError(e);
  return SOMETHING_WRONG;
}

let toastTimer = null;
export function toast(text) {
  const el = $('toast');
  el.textContent = text;
  show(el, true);
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => show(el, false), 5000);
}
