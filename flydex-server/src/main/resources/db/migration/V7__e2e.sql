-- End-to-end encryption (docs/e2e.md, "Wiring"). The server stores only public, routing-help
-- values here: nothing in these columns opens or forges a sealed message.

-- The helper's end-to-end public key S_h (base64url of the uncompressed P-256 point), as its
-- helper last reported it after a welcome; NULL until one did. Listed as e2eKey.
ALTER TABLE machines ADD COLUMN e2e_key TEXT;

-- A phone's introduction sent with its approval of the claim (JSON: offerId, devicePublicKey,
-- deviceName, proof), returned to the desktop by status; NULL when the approval carried none.
ALTER TABLE pairing_claims ADD COLUMN introduction TEXT;

-- The end-to-end device id of the browser that made a push subscription, so a push's sealed copy
-- for that device can be picked; NULL for subscriptions that named none.
ALTER TABLE push_subscriptions ADD COLUMN device_id TEXT;
