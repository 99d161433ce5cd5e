package net.flydex.testkit;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.flydex.protocol.Decision;
import net.flydex.protocol.WireJson;
import net.flydex.protocol.e2e.DeviceClient;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.IntroductionAccepted;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedHelper;
import tools.jackson.databind.JsonNode;

/**
 * A browser's end-to-end identity for tests and benches (docs/e2e.md): its own key pair, the
 * helper key it pinned per machine, and the introductions that pin them - through the helper's
 * local API as the desktop page does it, or from an offer read out of band (a QR) as a phone
 * does. A {@link RelayClient} opened with it seals its rpcs and opens what the helper sealed.
 */
public final class SealedDevice {
    private final String name;
    private final DeviceClient client;
    private final Map<String, TrustedHelper> pinned = new ConcurrentHashMap<>();

    private SealedDevice(String name, DeviceClient client) {
        this.name = name;
        this.client = client;
    }

    /** A device with a fresh key pair, named as a person would name it (the helper lists it so). */
    public static SealedDevice create(String name) {
        SecureRandom random = new SecureRandom();
        return new SealedDevice(name, new DeviceClient(P256.generate(random), Clock.systemUTC(), KeySource.from(random)));
    }

    public String name() {
        return name;
    }

    public String deviceId() {
        return client.deviceId();
    }

    public String fingerprint() {
        return client.fingerprint();
    }

    /** The protocol's device side itself, for tests that build messages by hand. */
    public DeviceClient client() {
        return client;
    }

    /** The helper key pinned for this machine; an {@link IllegalStateException} if the device was never introduced there. */
    public TrustedHelper helper(String machineId) {
        TrustedHelper helper = pinned.get(machineId);
        if (helper == null) {
            throw new IllegalStateException(name + " was not introduced to machine " + machineId);
        }
        return helper;
    }

    public boolean knows(String machineId) {
        return pinned.containsKey(machineId);
    }

    /** Pins a helper key for a machine, as the phone does once a confirmed introduction names it. */
    public void pin(String machineId, TrustedHelper helper) {
        pinned.put(machineId, helper);
    }

    /** Forgets the machine's helper key, as the web app does when told the device was revoked. */
    public void forget(String machineId) {
        pinned.remove(machineId);
    }

    /**
     * The desktop browser's introduction at 127.0.0.1: an offer from {@code POST /v1/e2e/offer},
     * then {@code POST /v1/e2e/introduce}; the helper's proof is checked and its key pinned for
     * {@code machineId} (the id local connect reported). The helper's error answer if it refused.
     */
    public Optional<DesktopPageCalls.Answer> introduceLocally(int helperPort, String origin, String machineId) {
        DesktopPageCalls.Answer offered = offerFrom(helperPort, origin);
        if (offered.status() != 200) {
            return Optional.of(offered);
        }
        return introduceLocally(helperPort, origin, machineId, parse(offered.body().path("offer").asString()));
    }

    /** As {@link #introduceLocally(int, String, String)} with an offer already taken (an expired or a used one, in tests). */
    public Optional<DesktopPageCalls.Answer> introduceLocally(int helperPort, String origin, String machineId, Offer offer) {
        DeviceClient.PendingIntroduction pending = introduce(offer);
        DesktopPageCalls.Answer answer = DesktopPageCalls.post(origin, helperPort, "/v1/e2e/introduce",
                Map.of("introduction", pending.message()));
        if (answer.status() != 200) {
            return Optional.of(answer);
        }
        confirm(machineId, pending, answer.body());
        return Optional.empty();
    }

    /** An offer from the helper's local API, as the desktop page takes one for its QR. */
    public static DesktopPageCalls.Answer offerFrom(int helperPort, String origin) {
        return DesktopPageCalls.post(origin, helperPort, "/v1/e2e/offer", "{}");
    }

    /** Reads an offer's text (a QR fragment's second part). */
    public static Offer parse(String offer) {
        try {
            return Offer.parse(offer);
        } catch (E2eException e) {
            throw new IllegalArgumentException("not an offer: " + e.failure().wire(), e);
        }
    }

    /** The introduction answering {@code offer}, to send by whatever channel the test takes. */
    public DeviceClient.PendingIntroduction introduce(Offer offer) {
        try {
            return client.introduce(offer, name);
        } catch (E2eException e) {
            throw new IllegalArgumentException("the device's name is refused: " + e.failure().wire(), e);
        }
    }

    /** The introduction as JSON, for a pairing claim's approval or a relay's {@code e2e/introduce}. */
    public static JsonNode json(Introduction introduction) {
        return WireJson.mapper().valueToTree(introduction);
    }

    /**
     * Checks the helper's answer ({@code {"deviceId","proof",…}}) and pins its key for the
     * machine; an {@link IllegalStateException} if the proof or the device id is not right.
     */
    public void confirm(String machineId, DeviceClient.PendingIntroduction pending, JsonNode accepted) {
        try {
            pin(machineId, pending.confirm(new IntroductionAccepted(accepted.path("deviceId").asString(""),
                    accepted.path("proof").asString(""))));
        } catch (E2eException e) {
            throw new IllegalStateException("the helper's introduction answer does not verify: " + e.failure().wire(), e);
        }
    }

    /** A one-shot decision for the helper's decision route ({@code {"deviceId","sealed"}}). */
    public String sealDecision(String machineId, String approvalId, Decision decision, String idempotencyKey) {
        try {
            return client.sealDecision(helper(machineId), machineId, approvalId, decision, idempotencyKey);
        } catch (E2eException e) {
            throw new IllegalStateException("cannot seal a decision: " + e.failure().wire(), e);
        }
    }

    /** Opens a push's sealed content ({@code kind}: approval or approvalResolved); the failure if it does not open. */
    public JsonNode openPush(String machineId, String kind, String approvalId, String sealed) throws E2eException {
        return WireJson.mapper().readTree(client.openPush(helper(machineId), machineId, kind, approvalId, sealed));
    }
}
