// Runs vectors-v1.json through e2e.js in the browser, as VectorsTest runs it through the Java
// implementation. Answers one result per check: {name, ok, detail}; E2eBrowserIT asserts each.
// Kinds that need the helper's state (introduction, hello, decisionAt) are Java's only.

import * as e2e from '/assets/js/e2e.js';

const HELPER_STATE_KINDS = new Set(['introduction', 'hello', 'decisionAt']);
const text = (bytes) => new TextDecoder().decode(bytes);
const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export async function run(v) {
  const results = [];
  const check = async (name, body) => {
    try {
      const detail = await body();
      results.push({ name, ok: detail === true, detail: detail === true ? '' : String(detail) });
    } catch (error) {
      results.push({ name, ok: false, detail: `${error.name}: ${error.failure ?? ''} ${error.message}` });
    }
  };
  const equal = (actual, expected) => actual === expected || `got ${actual}, expected ${expected}`;
  const all = (...outcomes) => outcomes.find((o) => o !== true) ?? true;
  const refused = async (failure, body) => {
    try {
      await body();
      return `accepted; expected ${failure}`;
    } catch (error) {
      return equal(error.failure, failure);
    }
  };

  const key = (name) => e2e.importKeyPair(e2e.decode(v.keys[name].scalar), e2e.decode(v.keys[name].publicKey));
  const device = await key('device');
  const helper = await key('helper');
  const helperKey = helper.publicKey;
  const machineId = v.machineId;
  const deviceId = v.keys.device.deviceId;
  const deviceSession = async () => (await e2e.startHandshake({ deviceKeys: device, helperKey, machineId,
    ephemeral: await key('deviceEphemeral') })).finish(v.handshake.reply);
  const helperSession = async () => e2e.Session.fromKeys('helper', e2e.decode(v.handshake.deviceToHelperKey),
    e2e.decode(v.handshake.helperToDeviceKey), machineId, deviceId, await e2e.sessionIdOf(v.handshake.hello));

  for (const c of v.hkdf) {
    await check(`hkdf: ${c.name}`, async () => equal(toHex(await e2e.hkdf(hex(c.salt), hex(c.ikm), hex(c.info), c.length)), c.okm));
  }
  for (const [name, k] of Object.entries(v.keys)) {
    await check(`keys: ${name}`, async () => {
      const publicKey = e2e.decode(k.publicKey);
      await e2e.importKeyPair(e2e.decode(k.scalar), publicKey);
      return equal(`${await e2e.deviceId(publicKey)} ${await e2e.fingerprint(publicKey)}`, `${k.deviceId} ${k.fingerprint}`);
    });
  }
  await check('offer: read', async () => {
    const offer = await e2e.parseOffer(v.offer.encoded);
    return equal([e2e.encode(offer.offerId), e2e.encode(offer.secret), e2e.encode(offer.helperKey), offer.expiresAt].join(' '),
      [v.offer.offerId, v.offer.secret, v.keys.helper.publicKey, v.offer.expiresAt].join(' '));
  });
  await check('introduction: message and helper proof', async () => {
    const { message, confirm } = await e2e.introduce(await e2e.parseOffer(v.offer.encoded), device, v.deviceName);
    const pinned = await confirm(v.introduction.accepted);
    return all(equal(JSON.stringify(message), JSON.stringify(v.introduction.message)),
      equal(e2e.encode(pinned.helperKey), v.keys.helper.publicKey));
  });
  await check('handshake: hello, reply and frames both ways', async () => {
    const handshake = await e2e.startHandshake({ deviceKeys: device, helperKey, machineId, ephemeral: await key('deviceEphemeral') });
    if (handshake.hello !== v.handshake.hello) return equal(handshake.hello, v.handshake.hello);
    const own = await handshake.finish(v.handshake.reply);
    if (own.sessionId !== v.handshake.sessionId) return equal(own.sessionId, v.handshake.sessionId);
    const peer = await helperSession();
    await peer.seal('handshake', '', new Uint8Array(0)); // the helper's frame 0 went in the reply
    for (const f of v.frames) {
      const [sender, receiver] = f.from === 'device' ? [own, peer] : [peer, own];
      const frame = await sender.seal(f.type, f.ref, e2e.utf8(f.plaintext));
      if (frame !== f.frame) return `frame ${f.from} ${f.type} differs`;
      const opened = text(await receiver.open(f.type, f.ref, frame));
      if (opened !== f.plaintext) return `opened ${opened}`;
    }
    return true;
  });
  await check('push: sealed and opened', async () => {
    const envelope = { machineId, deviceId, type: v.push.type, ref: v.push.ref };
    const sealed = await e2e.sealOneShot('push', helper, device.publicKey, await key('pushEphemeral'), envelope, e2e.utf8(v.push.plaintext));
    const opened = text(await e2e.openPush({ deviceKeys: device, helperKey, machineId, type: v.push.type, ref: v.push.ref, sealed }));
    return all(equal(sealed, v.push.sealed), equal(opened, v.push.plaintext));
  });
  await check('decision: sealed and opened', async () => {
    const d = v.decision;
    const sealed = await e2e.sealDecision({ deviceKeys: device, helperKey, machineId, approvalId: d.approvalId, decision: d.decision,
      idempotencyKey: d.idempotencyKey, issuedAt: d.issuedAt, ephemeral: await key('decisionEphemeral') });
    const envelope = { machineId, deviceId, type: 'decision', ref: d.approvalId };
    const opened = text(await e2e.openOneShot('decision', helper, device.publicKey, envelope, sealed));
    return all(equal(sealed, d.sealed), equal(opened, d.plaintext));
  });

  for (const c of v.invalid) {
    if (HELPER_STATE_KINDS.has(c.kind)) continue;
    await check(`${c.kind}: ${c.name}`, async () => {
      switch (c.kind) {
        case 'frame': {
          const session = c.receiver === 'helper' ? await helperSession() : await deviceSession();
          for (const step of c.steps) {
            if (step.failure) {
              const outcome = await refused(step.failure, () => session.open(step.type, step.ref, step.frame));
              if (outcome !== true) return outcome;
            } else {
              const opened = text(await session.open(step.type, step.ref, step.frame));
              if (opened !== step.plaintext) return `opened ${opened}`;
            }
          }
          return session.closed || 'session still open';
        }
        case 'oneShot':
          return refused(c.failure, async () => e2e.openOneShot(c.purpose, await key(c.receiver), e2e.decode(v.keys[c.senderKey].publicKey),
            c.envelope, c.sealed));
        case 'point':
          return refused(c.failure, () => e2e.importPublicKey(e2e.decode(c.publicKey)));
        case 'offer':
          return refused(c.failure, () => e2e.parseOffer(c.encoded));
        case 'helperProof':
          return refused(c.failure, async () => (await e2e.introduce(await e2e.parseOffer(v.offer.encoded), device, v.deviceName))
            .confirm(c.accepted));
        case 'reply':
          return refused(c.failure, async () => (await e2e.startHandshake({ deviceKeys: device, helperKey, machineId,
            ephemeral: await key('deviceEphemeral') })).finish(c.reply));
        default:
          return `unknown kind ${c.kind}`;
      }
    });
  }
  return results;
}
