package net.flydex.protocol.e2e;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The helper's list of trusted devices, safe to use from any thread. It holds no files: the
 * helper loads it from its state directory and saves {@link #list()} after each change.
 * Revocation takes effect on the next frame, even on a session already open
 * ({@link HelperEndpoint} asks {@link #isTrusted} on every frame).
 */
public final class TrustedDevices {
    private final ConcurrentHashMap<String, TrustedDevice> byId = new ConcurrentHashMap<>();

    public TrustedDevices(Collection<TrustedDevice> devices) {
        devices.forEach(device -> byId.put(device.deviceId(), device));
    }

    /** Trusts {@code device} (again, if its key was introduced before: the newest name wins). */
    public void add(TrustedDevice device) {
        byId.put(device.deviceId(), device);
    }

    /** The trusted device with this id; none for an unknown or missing (null) id. */
    public Optional<TrustedDevice> find(String deviceId) {
        return deviceId == null ? Optional.empty() : Optional.ofNullable(byId.get(deviceId));
    }

    public boolean isTrusted(String deviceId) {
        return find(deviceId).isPresent();
    }

    /** Forgets the device; answers whether it was trusted. */
    public boolean revoke(String deviceId) {
        return byId.remove(deviceId) != null;
    }

    /**
     * Gives a trusted device another name (checked by {@link TrustedDevice#checkName}); answers the
     * device as it was, none when it is not trusted (nothing changes then). A revoked device is never trusted again by this.
     */
    public Optional<TrustedDevice> rename(String deviceId, String name) throws E2eException {
        TrustedDevice.checkName(name);
        TrustedDevice[] was = new TrustedDevice[1];
        byId.computeIfPresent(deviceId == null ? "" : deviceId, (id, device) -> {
            was[0] = device;
            return new TrustedDevice(id, device.publicKey(), name, device.introducedAt());
        });
        return Optional.ofNullable(was[0]);
    }

    /** Puts back a device as it was before a change that could not be saved, unless it was revoked meanwhile. */
    public void restore(TrustedDevice device) {
        byId.computeIfPresent(device.deviceId(), (id, current) -> device);
    }

    /** Every trusted device, oldest introduction first. */
    public List<TrustedDevice> list() {
        List<TrustedDevice> devices = new ArrayList<>(byId.values());
        devices.sort(Comparator.comparing(TrustedDevice::introducedAt).thenComparing(TrustedDevice::deviceId));
        return devices;
    }
}
