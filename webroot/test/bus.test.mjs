// The bus wrapper: a stream handler's throw is reported as uncaught and does not stop delivery; a stream is
// registered once per connection and unregistered for good.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBus } from '../js/core/bus.js';

/** The bridge client as the wrapper uses it: handlers by address, and a frame delivered to them in one loop. */
class FakeEventBus {
  static last = null;
  constructor() {
    this.handlers = {};
    FakeEventBus.last = this;
  }
  registerHandler(address, headers, callback) {
    (this.handlers[address] ||= []).push(callback);
  }
  unregisterHandler(address, headers, callback) {
    const handlers = this.handlers[address] || [];
    const at = handlers.indexOf(callback);
    if (at !== -1) handlers.splice(at, 1);
    if (at !== -1 && handlers.length === 0) {
      delete this.handlers[address];
      (this.unregistered ||= []).push(address);
    }
  }
  deliver(address, ...bodies) {
    for (const body of bodies) for (const handler of this.handlers[address] || []) handler(null, { address, body });
  }
}

const reported = [];
globalThis.window = { location: { origin: 'http://page' }, addEventListener() {} };
globalThis.EventBus = FakeEventBus;
globalThis.reportError = (e) => reported.push(e);

test('a handler that throws is reported as uncaught and the rest of the frame is still delivered', () => {
  const bus = createBus({});
  bus.setToken('token');
  FakeEventBus.last.onopen();
  const seen = [];
  bus.register('user.u1', (body) => {
    if (body.bad) throw new TypeError('cannot read properties of undefined');
    seen.push(body.n);
  });

  FakeEventBus.last.deliver('user.u1', { n: 1 }, { bad: true }, { n: 2 });

  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(reported.map((e) => `${e.name}: ${e.message}`), ['TypeError: cannot read properties of undefined']);
});

test('a stream left is unregistered on the connection, and one subscribed again is registered once', () => {
  const bus = createBus({});
  bus.setToken('token');
  FakeEventBus.last.onopen();
  const seen = [];
  bus.register('room.r1', (body) => seen.push(body.n));
  bus.resubscribe();
  FakeEventBus.last.deliver('room.r1', { n: 1 });

  bus.unregister('room.r1');
  FakeEventBus.last.deliver('room.r1', { n: 2 });
  bus.register('room.r1', (body) => seen.push(body.n));
  FakeEventBus.last.deliver('room.r1', { n: 3 });

  assert.deepEqual(seen, [1, 3]);
  assert.deepEqual(FakeEventBus.last.unregistered, ['room.r1']);
  assert.equal(FakeEventBus.last.handlers['room.r1'].length, 1);
});
