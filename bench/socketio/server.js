// The Socket.IO peer of bench/run: what the usual Node chat server does. A token check on connect
// (an HMAC of the user id, shared with the generator), then for each message: a per-room counter
// bumped in MongoDB, the message stored with that seq, the sender acknowledged, the room emitted to.
// Env: PORT, MONGO_URL, TOKEN_SECRET. GET /stats answers process.memoryUsage() (after a GC when
// node runs with --expose-gc).
'use strict';
const http = require('http');
const crypto = require('crypto');
const { Server } = require('socket.io');
const { MongoClient } = require('mongodb');

const port = Number(process.env.PORT);
const secret = process.env.TOKEN_SECRET;

function userOf(token) {
  if (typeof token !== 'string') return null;
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return null;
  const user = token.slice(0, dot);
  const expected = crypto.createHmac('sha256', secret).update(user).digest('hex');
  const given = token.slice(dot + 1);
  if (given.length !== expected.length) return null;
  return crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected)) ? user : null;
}

async function main() {
  const client = await MongoClient.connect(process.env.MONGO_URL, { maxPoolSize: 20 });
  const db = client.db('peer');
  const messages = db.collection('messages');
  const counters = db.collection('counters');
  await messages.createIndex({ room: 1, seq: 1 }, { unique: true });

  // The embedded store's findAndModify may answer a counter value a concurrent $inc already gave (docs/
  // ARCHITECTURE.md); MongoDB never does. The unique index refuses the repeat, and the send takes a new value.
  async function store(msg, sender, tries = 3) {
    const counter = await counters.findOneAndUpdate({ _id: msg.room }, { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after' });
    const message = { _id: crypto.randomUUID(), room: msg.room, seq: counter.seq, sender,
      text: msg.text, ts: Date.now(), clientMsgId: msg.clientMsgId };
    try {
      await messages.insertOne(message);
      return message;
    } catch (e) {
      if (e.code === 11000 && tries > 1) return store(msg, sender, tries - 1);
      throw e;
    }
  }

  const server = http.createServer((req, res) => {
    if (req.url === '/stats') {
      if (global.gc) global.gc();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(process.memoryUsage()));
    } else if (req.url === '/health/ready') {
      res.end('{"status":"UP"}');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
  io.use((socket, next) => {
    const user = userOf(socket.handshake.auth && socket.handshake.auth.token);
    if (!user) return next(new Error('unauthorized'));
    socket.data.user = user;
    next();
  });
  io.on('connection', (socket) => {
    socket.on('join', (room) => {
      if (typeof room === 'string') socket.join(room);
    });
    socket.on('send', async (msg, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      if (!msg || typeof msg.room !== 'string' || typeof msg.text !== 'string') return reply({ error: 'invalid_request' });
      try {
        const message = await store(msg, socket.data.user);
        reply(message);
        io.to(msg.room).emit('message', message);
      } catch (e) {
        reply({ error: 'unavailable' });
      }
    });
  });
  server.listen(port, '127.0.0.1', () => console.log(`socket.io peer listening on 127.0.0.1:${port}`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
