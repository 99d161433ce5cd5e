'use strict';
// The peer-style floor of the cold-start bench (ColdStartBench): a minimal two-hop relay and a
// host stub in Node with `ws`, the library most peers use. A browser's rpc frame goes to the relay,
// which reads its JSON to route it to the host of that machine and to remember who asked; the host
// stub parses it and answers at once; the relay routes the answer back by id. No checks, no
// accounts, no limits: what any relay of this shape must at least do.
//
//   node floor.js relay            listens on a free loopback port, prints "relay <port>"
//   node floor.js host <url> <id>  connects to <url>/host?machine=<id>, prints "host connected"
const { WebSocketServer, WebSocket } = require('ws');

function relay() {
  const hosts = new Map();
  const waiting = new Map();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, request) => {
    // The bench's clients abort their sockets when done; an unhandled 'error' would end the relay.
    socket.on('error', () => socket.terminate());
    const url = new URL(request.url, 'http://relay');
    if (url.pathname === '/host') {
      const machine = url.searchParams.get('machine');
      hosts.set(machine, socket);
      socket.on('message', (data) => {
        const text = data.toString();
        const asker = waiting.get(JSON.parse(text).id);
        if (asker) {
          waiting.delete(JSON.parse(text).id);
          asker.send(text);
        }
      });
      socket.on('close', () => hosts.delete(machine));
    } else {
      socket.on('message', (data) => {
        const text = data.toString();
        const frame = JSON.parse(text);
        const host = hosts.get(frame.machineId);
        if (host) {
          waiting.set(frame.id, socket);
          host.send(text);
        } else {
          socket.send(JSON.stringify({ type: 'error', id: frame.id, error: { code: 'machine_offline' } }));
        }
      });
    }
  });
  server.on('listening', () => console.log(`relay ${server.address().port}`));
}

function host(url, machine) {
  const socket = new WebSocket(`${url}/host?machine=${encodeURIComponent(machine)}`);
  socket.on('open', () => console.log('host connected'));
  socket.on('error', () => process.exit(1));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    socket.send(JSON.stringify({ type: 'result', id: frame.id, result: { approvals: [] } }));
  });
  socket.on('close', () => process.exit(0));
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === 'relay') {
  relay();
} else if (mode === 'host') {
  host(rest[0], rest[1]);
} else {
  console.error('usage: node floor.js relay | host <url> <machineId>');
  process.exit(2);
}
