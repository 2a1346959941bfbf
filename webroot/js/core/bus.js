// The one place the page talks to the event-bus bridge (the official @vertx/eventbus-bridge-client.js,
// global EventBus): connect, reconnect with backoff, re-register streams on every new connection
// (resume), and requests with a timeout that resolve to the reply body or reject with a BusError
// (failureCode, message).
import { BusError } from './failures.js';

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 10000;
const DEFAULT_TIMEOUT_MS = 10000;

export function createBus({ onState, onRejected }) {
  let eb = null;
  let state = 'closed';
  let attempt = 0;
  let timer = null;
  let blocked = false; // test hook: behave as if the network were gone
  let headers = null;
  const streams = new Map(); // address -> handler(body)
  // address -> the callback registered on the current connection: the client library unregisters a
  // handler by that callback (and sends the unregister frame once none is left), and registers one twice.
  let registered = new Map();

  function setState(next) {
    state = next;
    onState?.(next);
  }

  function open() {
    clearTimeout(timer);
    timer = null;
    if (blocked) {
      scheduleReconnect();
      return;
    }
    setState('connecting');
    const bus = new EventBus(window.location.origin + '/eventbus');
    eb = bus;
    registered = new Map();
    bus.defaultHeaders = headers;
    bus.onerror = (err) => {
      // A refused registration comes back as an unaddressed err frame ({type: "err", body: "rejected"}).
      onRejected?.(err);
    };
    bus.onopen = () => {
      if (eb !== bus) return;
      attempt = 0;
      if (headers) {
        for (const [address, handler] of streams) doRegister(bus, address, handler);
      }
      setState('open');
    };
    bus.onclose = () => {
      if (eb !== bus) return;
      eb = null;
      setState('closed');
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (timer) return;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt++) * (0.8 + Math.random() * 0.4);
    timer = setTimeout(open, delay);
  }

  function doRegister(bus, address, handler) {
    if (registered.has(address)) return;
    const callback = (err, msg) => {
      if (err) return; // a failure addressed to the stream: nothing to deliver
      // The bridge client and SockJS deliver a frame's messages in one loop, with no catch: a handler's
      // throw would lose the rest of the frame. reportError reports it as uncaught (the console and
      // window's error event, which the page tests check) and the loop goes on.
      try {
        handler(msg.body);
      } catch (e) {
        reportError(e);
      }
    };
    registered.set(address, callback);
    bus.registerHandler(address, {}, callback);
  }

  window.addEventListener('online', () => {
    if (state === 'closed' && !blocked) {
      attempt = 0;
      open();
    }
  });

  open();

  return {
    get state() { return state; },
    get connected() { return state === 'open'; },
    setToken(accessToken) {
      headers = accessToken ? { authorization: 'Bearer ' + accessToken } : null;
      if (eb) eb.defaultHeaders = headers;
    },
    /** Registers a stream; it is registered again on every new connection. */
    register(address, handler) {
      if (streams.has(address)) return;
      streams.set(address, handler);
      if (eb && state === 'open' && headers) doRegister(eb, address, handler);
    },
    unregister(address) {
      if (!streams.delete(address)) return;
      const callback = registered.get(address);
      registered.delete(address);
      if (eb && state === 'open' && callback) {
        try { eb.unregisterHandler(address, {}, callback); } catch (e) { /* the socket went away */ }
      }
    },
    unregisterAll() {
      for (const address of [...streams.keys()]) this.unregister(address);
    },
    /** Subscribes every known stream again (after the token changed from none to some). */
    resubscribe() {
      if (eb && state === 'open' && headers) {
        for (const [address, handler] of streams) doRegister(eb, address, handler);
      }
    },
    request(address, body, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return new Promise((resolve, reject) => {
        if (!eb || state !== 'open') {
          reject(new BusError(0, 'offline'));
          return;
        }
        let done = false;
        const t = setTimeout(() => {
          done = true;
          reject(new BusError(504, 'timeout'));
        }, timeoutMs);
        try {
          eb.send(address, body, {}, (err, reply) => {
            if (done) return;
            done = true;
            clearTimeout(t);
            if (err) reject(new BusError(err.failureCode, err.message));
            else resolve(reply.body);
          });
        } catch (e) {
          done = true;
          clearTimeout(t);
          reject(new BusError(0, 'offline'));
        }
      });
    },
    /** Drops the connection; with block, it stays down until unblock() (test hook and "go offline"). */
    disconnect(block = false) {
      blocked = block;
      const bus = eb;
      if (bus) {
        bus.close();
      } else {
        scheduleReconnect();
      }
    },
    unblock() {
      blocked = false;
      attempt = 0;
      if (state === 'closed') open();
    },
  };
}
