// The outbox: unconfirmed messages kept across reloads and sent in order, each always with its own clientMsgId.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BusError } from '../js/core/failures.js';
import { Outbox, flush } from '../js/features/composer/outbox.js';

/** localStorage as a Map. */
function storage() {
  const map = new Map();
  return { getItem: (k) => (map.has(k) ? map.get(k) : null), setItem: (k, v) => map.set(k, String(v)), removeItem: (k) => map.delete(k) };
}

const item = (id, text = id) => ({ room: 'r1', text, clientMsgId: id, ts: 1 });
const failure = (failureCode, message = 'refused') => new BusError(failureCode, message);

/** A bridge that answers each send with the next of `answers` (an Error is thrown), recording the bodies. */
function server(...answers) {
  const sent = [];
  return {
    sent,
    send: async (body) => {
      sent.push(body);
      const answer = answers.shift() ?? { ok: true };
      if (answer instanceof Error) throw answer;
      return { ...body, seq: sent.length };
    },
  };
}

const options = (srv, extra = {}) => ({
  send: srv.send, connected: () => true, wait: async () => {}, refresh: async () => {}, errorText: (e) => e.message, ...extra,
});

test('what is in the outbox survives a reload (a new Outbox over the same storage)', () => {
  const store = storage();
  new Outbox('u1', store).add(item('c-1'));
  assert.deepEqual(new Outbox('u1', store).items().map((p) => [p.clientMsgId, p.status]), [['c-1', 'pending']]);
  assert.deepEqual(new Outbox('u2', store).items(), [], 'each person has their own');
});

test('flush sends in the order typed and empties the outbox', async () => {
  const outbox = new Outbox('u1', storage());
  ['c-1', 'c-2', 'c-3'].forEach((id) => outbox.add(item(id)));
  const srv = server();
  const sentMessages = [];
  await flush(outbox, options(srv, { onSent: (m) => sentMessages.push(m.clientMsgId) }));
  assert.deepEqual(srv.sent.map((b) => b.clientMsgId), ['c-1', 'c-2', 'c-3']);
  assert.deepEqual(sentMessages, ['c-1', 'c-2', 'c-3']);
  assert.deepEqual(outbox.items(), []);
});

test('a throw in onSent is no refused send: the message stays sent and the flush rejects with the error', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  outbox.add(item('c-2'));
  const srv = server();
  const bug = new TypeError("cannot read properties of null (reading 'rootId')");
  await assert.rejects(flush(outbox, options(srv, { onSent: () => { throw bug; } })), bug);
  assert.deepEqual(srv.sent.map((b) => b.clientMsgId), ['c-1']);
  assert.deepEqual(outbox.items().map((p) => [p.clientMsgId, p.status]), [['c-2', 'pending']]);
});

test('a throw in sending that is no request\'s failure rejects the flush, and the message stays pending', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  const bug = new TypeError("cannot read properties of undefined (reading 'send')");
  await assert.rejects(flush(outbox, options(server(bug))), bug);
  assert.deepEqual(outbox.items().map((p) => [p.clientMsgId, p.status]), [['c-1', 'pending']]);
});

test('a send lost with the connection stops the flush; the next flush sends it again with the same clientMsgId, before the later ones', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  outbox.add(item('c-2'));
  const srv = server(failure(0), { ok: true }, { ok: true });
  await flush(outbox, options(srv));
  assert.deepEqual(outbox.items().map((p) => [p.clientMsgId, p.status]), [['c-1', 'pending'], ['c-2', 'pending']]);
  await flush(outbox, options(srv));
  assert.deepEqual(srv.sent.map((b) => b.clientMsgId), ['c-1', 'c-1', 'c-2']);
  assert.deepEqual(outbox.items(), []);
});

test('a timeout is sent again later with the same clientMsgId, never as a new message', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1', 'hello'));
  const srv = server(failure(504), { ok: true });
  await flush(outbox, options(srv));
  await flush(outbox, options(srv));
  assert.deepEqual(srv.sent, [{ room: 'r1', text: 'hello', clientMsgId: 'c-1' }, { room: 'r1', text: 'hello', clientMsgId: 'c-1' }]);
});

test('too many requests: it waits and sends the same item again', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  let waited = 0;
  const srv = server(failure(429), { ok: true });
  await flush(outbox, options(srv, { wait: async () => { waited++; } }));
  assert.equal(waited, 1);
  assert.deepEqual(srv.sent.map((b) => b.clientMsgId), ['c-1', 'c-1']);
  assert.deepEqual(outbox.items(), []);
});

test('a refusal marks the item failed and the rest still go; retry sends it with the same clientMsgId', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  outbox.add(item('c-2'));
  const srv = server(failure(400, 'too long'), { ok: true }, { ok: true });
  await flush(outbox, options(srv));
  assert.deepEqual(outbox.items().map((p) => [p.clientMsgId, p.status, p.error]), [['c-1', 'failed', 'too long']]);
  outbox.retry('c-1');
  await flush(outbox, options(srv));
  assert.deepEqual(srv.sent.map((b) => b.clientMsgId), ['c-1', 'c-2', 'c-1']);
  assert.deepEqual(outbox.items(), []);
});

test('nothing is sent while offline', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  const srv = server();
  await flush(outbox, options(srv, { connected: () => false }));
  assert.deepEqual(srv.sent, []);
  assert.equal(outbox.items().length, 1);
});

test('an expired session is refreshed and the item waits for the next flush', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  let refreshed = false;
  await flush(outbox, options(server(failure(401)), { refresh: async () => { refreshed = true; } }));
  assert.equal(refreshed, true);
  assert.equal(outbox.next().clientMsgId, 'c-1');
});

test('attachments go with the message', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add({ ...item('c-1'), attachments: [{ fileId: 'f1' }] });
  const srv = server();
  await flush(outbox, options(srv));
  assert.deepEqual(srv.sent[0].attachments, [{ fileId: 'f1' }]);
});

test('a reply\'s thread root and the mentions go with the message; empty ones are left out', async () => {
  const outbox = new Outbox('u1', storage());
  outbox.add({ ...item('c-1'), threadRoot: 'm-9', mentions: ['u2'], mentionsRoom: true });
  outbox.add({ ...item('c-2'), mentions: [], mentionsRoom: false });
  const srv = server();
  await flush(outbox, options(srv));
  assert.deepEqual(srv.sent[0], { room: 'r1', text: 'c-1', clientMsgId: 'c-1', threadRoot: 'm-9', mentions: ['u2'], mentionsRoom: true });
  assert.deepEqual(srv.sent[1], { room: 'r1', text: 'c-2', clientMsgId: 'c-2' });
});

test('a change another tab stored replaces ours; someone else\'s key is ignored', () => {
  const outbox = new Outbox('u1', storage());
  outbox.add(item('c-1'));
  outbox.storedElsewhere('confab.outbox.u2', '[]');
  assert.equal(outbox.items().length, 1);
  outbox.storedElsewhere('confab.outbox.u1', '[]');
  assert.equal(outbox.items().length, 0);
});
