// How this browser becomes trusted by a machine (docs/e2e.md, "Introductions on each channel"):
// it answers a helper's one-time offer with its own key and a proof, over a channel the server
// cannot fake — the QR's fragment, or the helper's local API on 127.0.0.1 — and pins the
// helper's key for that machine once the helper's proof checks out.

import { E2eError, fingerprint, introduce, parseOffer } from './e2e.js';
import { deviceKeys, pinHelper, pinPending } from './e2e-store.js';
import { helperIntroduce, helperOffer } from './helper.js';

/** First match wins, as the server's DeviceLabel has it: Edge and Opera also say "Chrome", Chrome also says "Safari". */
const BROWSERS = [['Edge', /edg(a|ios)?\//], ['Opera', /op[rt]\//], ['Samsung Internet', /samsungbrowser\//], ['Firefox', /(firefox|fxios)\//],
  ['Chrome', /(chrome|crios|chromium)\//], ['Safari', /safari\//]];
/** iPhone and iPad before macOS (iPadOS may say "Macintosh"), Android before Linux. */
const SYSTEMS = [['iPhone', /iphone/], ['iPad', /ipad/], ['Android', /android/], ['Windows', /windows/], ['ChromeOS', /cros/],
  ['macOS', /macintosh|mac os x/], ['Linux', /linux/]];

/** A name the helper lists this browser by, such as "Chrome on Android": families only, never versions. */
export function deviceName() {
  const agent = String(globalThis.navigator?.userAgent ?? '').toLowerCase();
  const family = (list) => list.find(([, mark]) => mark.test(agent))?.[0];
  const browser = family(BROWSERS);
  const system = family(SYSTEMS);
  return browser && system ? `${browser} on ${system}` : browser ?? system ?? 'Web browser';
}

/** An offer as read from a QR or the local API; an expired one is refused with 'offer_expired' before anything is sent. */
export async function readOffer(encoded) {
  const offer = await parseOffer(encoded);
  if (offer.expiresAt <= Date.now()) throw new E2eError('offer_expired', 'this QR code has expired');
  return offer;
}

/**
 * Introduces this browser with `offer`; `send` carries the introduction to the helper and
 * resolves to its answer ({deviceId, proof}). Pins the helper for `machineId` once its proof
 * verifies. Answers both fingerprints, for the person to compare.
 */
export async function introduceWith(offer, send, machineId) {
  const keys = await deviceKeys();
  const { message, confirm } = await introduce(offer, keys, deviceName());
  const { helperKey } = await confirm(await send(message));
  const pinned = await pinHelper(machineId, helperKey);
  return { helperFingerprint: pinned.fingerprint, deviceFingerprint: await fingerprint(keys.publicKey) };
}

/** The desktop's browser introduces itself to the helper on this computer (offer, then introduce), pinning it for `machineId`. */
export async function introduceLocally(machineId) {
  const { offer } = await helperOffer();
  return introduceWith(await readOffer(offer), helperIntroduce, machineId);
}

/**
 * The phone's part of a first pairing: the introduction the claim's approval carries to the
 * desktop (which hands it to its helper), and the helper's key pinned as pending until the
 * machine registers with it. The first handshake proves the helper: only the holder of that key
 * can seal its confirmation.
 */
export async function introductionForClaim(offer) {
  const keys = await deviceKeys();
  const { message } = await introduce(offer, keys, deviceName());
  return { introduction: message, pin: () => pinPending(offer.helperKey) };
}

/** This browser's fingerprint (its key made now if it has none). */
export async function ownFingerprint() {
  return fingerprint((await deviceKeys()).publicKey);
}
