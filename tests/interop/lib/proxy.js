'use strict';
// A TCP relay to a local port that counts the bytes going each way: an observer of what is really on
// the wire, independent of both the client and the server (used to prove that compression happens).
const net = require('node:net');

async function startByteCountingProxy(targetPort) {
  const counts = { up: 0, down: 0 };
  const sockets = new Set();
  const relay = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    const close = () => { client.destroy(); upstream.destroy(); };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', close);
      socket.on('close', () => { sockets.delete(socket); close(); });
    }
    client.on('data', (data) => { counts.up += data.length; });
    upstream.on('data', (data) => { counts.down += data.length; });
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: relay.address().port,
    counts,
    reset() { counts.up = 0; counts.down = 0; },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => relay.close(() => resolve()));
    },
  };
}

module.exports = { startByteCountingProxy };
