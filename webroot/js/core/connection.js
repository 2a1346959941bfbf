// The bridge connection: its state in the header and the offline banner, requests that refresh an
// expired access token once, and what is refused (kept for the tests' hooks).
import { createBus } from './bus.js';
import { api, auth } from './api.js';
import { ignoreRequestFailure } from './failures.js';
import { $, show } from './ui.js';

const STATE_LABEL = { connecting: 'connecting…', open: 'connected', closed: 'offline' };
let wasOpen = false;
let offlineTimer = null;
const opened = [];
export const rejections = [];

export const bus = createBus({
  onState(s) {
    const status = $('connection');
    status.dataset.state = s;
    status.textContent = STATE_LABEL[s];
    if (s === 'open') {
      clearTimeout(offlineTimer);
      show($('offline-banner'), false);
      document.body.classList.remove('offline');
      if (auth.session) opened.forEach((fn) => fn(wasOpen));
      wasOpen = true;
    } else if (s === 'closed') {
      // A brief blip does not need a banner; a lasting one does.
      clearTimeout(offlineTimer);
      offlineTimer = setTimeout(() => {
        if (bus.state !== 'open') {
          show($('offline-banner'), !!auth.session);
          document.body.classList.add('offline');
        }
      }, wasOpen ? 300 : 3000);
    }
  },
  onRejected(err) {
    rejections.push(err);
    console.warn('bridge refused', err);
    // A refused registration may mean the session was ended elsewhere: asking over HTTP finds out
    // (401, then the refresh answers invalid_token and the sign-in screen says so).
    if (auth.session) api('GET', '/me').catch(ignoreRequestFailure);
  },
});

/** fn(isReconnect) on each (new) connection while signed in. */
export function onOpen(fn) {
  opened.push(fn);
}

/** A bridge request; an expired access token is refreshed once and the request tried again. */
export async function req(address, body) {
  try {
    return await bus.request(address, body);
  } catch (e) {
    if (e.failureCode !== 401 || !auth.session) throw e;
    await auth.refresh();
    return bus.request(address, body);
  }
}
