// What the page's stores need of a browser, for tests that import them: storage, an element for any id,
// a bridge client that never opens, fetch answering what a test sets, and reportError recorded.
class Storage {
  #map = new Map();
  getItem(k) { return this.#map.has(k) ? this.#map.get(k) : null; }
  setItem(k, v) { this.#map.set(k, String(v)); }
  removeItem(k) { this.#map.delete(k); }
}

const element = () => ({ dataset: {}, classList: { add() {}, remove() {}, toggle() {} }, textContent: '', hidden: false });

/** What reportError was given, in order. */
export const reported = [];
/** What fetch does next: a function of (url, init) answering a Response or throwing. */
export const server = { answer: () => { throw new TypeError('Failed to fetch'); } };

/** An HTTP answer with a JSON body (or a body that breaks off, with cut). */
export function answer(status, body, { cut = false } = {}) {
  return {
    ok: status >= 200 && status < 300,
    status,
    text: async () => {
      if (cut) throw new TypeError('network error');
      return body === undefined ? '' : JSON.stringify(body);
    },
  };
}

globalThis.localStorage = new Storage();
globalThis.sessionStorage = new Storage();
globalThis.window = { location: { origin: 'http://page' }, addEventListener() {} };
globalThis.document = { body: element(), visibilityState: 'visible', getElementById: element };
globalThis.EventBus = class { close() {} };
globalThis.fetch = async (url, init) => server.answer(url, init);
globalThis.reportError = (e) => reported.push(e);
// Node 21 and later have a navigator of their own (without locks).
Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
