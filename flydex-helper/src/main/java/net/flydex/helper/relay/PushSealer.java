package net.flydex.helper.relay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.flydex.protocol.SealedFrames;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.TrustedDevice;
import net.flydex.protocol.e2e.TrustedDevices;

/**
 * Sends the server one {@code push} frame per approval, per resolution and per turn that ended
 * (see {@link TurnNotices}), its content sealed
 * (one-shot) for each trusted device, at most {@link SealedFrames#MAX_PUSH_DEVICES} - the most
 * recently introduced. Each seal costs two ECDHs and a key generation, so the work runs on a
 * thread of its own rather than Codex's reader, one push at a time so an approval's push always
 * leaves before its resolution's. A push goes out even with no device to seal for: the server
 * still tells every subscription which machine is waiting.
 */
final class PushSealer implements AutoCloseable {
    private final String machineId;
    private final HelperEndpoint endpoint;
    private final TrustedDevices devices;
    private final Uplink uplink;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("e2e-push").factory());

    PushSealer(String machineId, HelperEndpoint endpoint, TrustedDevices devices, Uplink uplink) {
        this.machineId = machineId;
        this.endpoint = endpoint;
        this.devices = devices;
        this.uplink = uplink;
    }

    /**
     * @param kind {@link SealedFrames#PUSH_APPROVAL}, {@link SealedFrames#PUSH_RESOLVED} or
     *     {@link SealedFrames#PUSH_TURN_ENDED}, also the seal's type
     * @param approvalId the seal's ref, and the frame's: "" for a turn
     */
    void push(String kind, String approvalId, byte[] plaintext) {
        worker.execute(() -> {
            List<TrustedDevice> all = devices.list();
            Map<String, String> sealed = new LinkedHashMap<>();
            for (TrustedDevice device : all.subList(Math.max(0, all.size() - SealedFrames.MAX_PUSH_DEVICES), all.size())) {
                try {
                    sealed.put(device.deviceId(), endpoint.sealPush(device.deviceId(), kind, approvalId, plaintext));
                } catch (E2eException revokedMeanwhile) {
                    // Revoked since the list was read: it gets nothing.
                }
            }
            uplink.send(SealedFrames.push(machineId, approvalId, kind, sealed).toString());
        });
    }

    /** A kind that carries nothing ({@link SealedFrames#PUSH_TURNS_RUNNING}, {@link SealedFrames#PUSH_TURNS_IDLE}), in order with the sealed ones. */
    void signal(String kind) {
        worker.execute(() -> uplink.send(SealedFrames.push(machineId, "", kind, Map.of()).toString()));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
