// A service worker doing what FlyDex's will do once pushes are sealed (issue 13 + 14): read the
// device key and the pinned helper from IndexedDB, open the sealed push, seal a decision. A
// message stands in for the push event, which the test cannot make the push service send.

import * as e2e from '/assets/js/e2e.js';
import * as store from '/assets/js/e2e-store.js';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const { machineId, approvalId, sealed } = event.data;
  const reply = (answer) => event.ports[0].postMessage(answer);
  event.waitUntil((async () => {
    try {
      const keys = await store.loadDeviceKeys();
      const { helperKey } = await store.pinnedHelper(machineId);
      const card = new TextDecoder().decode(await e2e.openPush({ deviceKeys: keys, helperKey, machineId, type: 'approval',
        ref: approvalId, sealed }));
      const decision = await e2e.sealDecision({ deviceKeys: keys, helperKey, machineId, approvalId, decision: 'decline',
        idempotencyKey: 'from-the-service-worker' });
      reply({ card, decision, extractable: keys.privateKey.extractable });
    } catch (error) {
      reply({ error: `${error.failure ?? error.name}: ${error.message}` });
    }
  })());
});
