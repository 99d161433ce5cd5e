package net.flydex.helper.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.flydex.helper.state.PrivateFiles;
import net.flydex.protocol.e2e.Base64Url;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.HelperEndpoint;
import net.flydex.protocol.e2e.Introduction;
import net.flydex.protocol.e2e.IntroductionAccepted;
import net.flydex.protocol.e2e.Introductions;
import net.flydex.protocol.e2e.KeySource;
import net.flydex.protocol.e2e.Offer;
import net.flydex.protocol.e2e.P256;
import net.flydex.protocol.e2e.TrustedDevice;
import net.flydex.protocol.e2e.TrustedDevices;

/**
 * This helper's end of end-to-end encryption (docs/e2e.md): its static key S_h
 * ({@code e2e-key.pem}), the devices it trusts ({@code devices.json}, saved after every change),
 * the open QR offers, and a {@link HelperEndpoint} per machine id for handshakes, pushes and
 * decisions. Safe to use from any thread. Nothing here logs a key, a secret or a proof.
 */
public final class HelperE2e {
    private final P256.KeyPair key;
    private final TrustedDevices devices;
    private final DeviceFile file;
    private final Introductions introductions;
    private final Clock clock;
    private final KeySource ephemerals;
    private final Object saving = new Object();

    private HelperE2e(P256.KeyPair key, TrustedDevices devices, DeviceFile file, Clock clock, SecureRandom random) {
        this.key = key;
        this.devices = devices;
        this.file = file;
        this.clock = clock;
        this.ephemerals = KeySource.from(random);
        this.introductions = new Introductions(key, devices, clock, random);
    }

    /** Opens the key and the trusted devices in the state directory, making the key on first start. */
    public static HelperE2e open(Path stateDir, Clock clock) throws IOException {
        PrivateFiles.ensureDir(stateDir);
        SecureRandom random = new SecureRandom();
        P256.KeyPair key = HelperKeyFile.loadOrCreate(stateDir, random);
        DeviceFile file = new DeviceFile(stateDir);
        return new HelperE2e(key, new TrustedDevices(file.load()), file, clock, random);
    }

    /** The key and devices as they are, for a command that must not make a key (offline {@code flydex devices}); empty before the first start. */
    public static Optional<HelperE2e> openExisting(Path stateDir, Clock clock) throws IOException {
        return Files.exists(stateDir.resolve(HelperKeyFile.FILE)) ? Optional.of(open(stateDir, clock))
                : Optional.empty();
    }

    /** S_h as base64url of its 65-byte point: the {@code helperKey} message's field. */
    public String publicKey() {
        return Base64Url.encode(key.publicKey());
    }

    public String fingerprint() {
        return P256.fingerprint(key.publicKey());
    }

    /** A QR offer, open for {@code E2eLimits.OFFER_LIFETIME}. */
    public IssuedOffer offer() {
        Offer offer = introductions.offer();
        return new IssuedOffer(offer.encode(), fingerprint(), offer.expiresAt());
    }

    /**
     * Accepts an introduction (once per offer) and saves the device list. A device that could not
     * be saved is not trusted: a restart would forget it anyway.
     */
    public Introduced introduce(Introduction introduction) throws E2eException, IOException {
        IntroductionAccepted accepted = introductions.accept(introduction);
        TrustedDevice device = devices.find(accepted.deviceId()).orElseThrow();
        try {
            save();
        } catch (IOException e) {
            devices.revoke(device.deviceId());
            throw e;
        }
        return new Introduced(accepted.deviceId(), accepted.proof(), device.fingerprint(), fingerprint());
    }

    /** Every trusted device, oldest first; {@code currentDeviceId} ("" for none) is marked as the asker. */
    public DeviceList devices(String currentDeviceId) {
        return new DeviceList(devices.list().stream().map(d -> new DeviceView(d.deviceId(), d.name(), d.fingerprint(), d.introducedAt(),
                d.deviceId().equals(currentDeviceId))).toList(), fingerprint());
    }

    /** The trusted devices themselves (push sealing, session checks). */
    public TrustedDevices trusted() {
        return devices;
    }

    /**
     * Stops trusting a device and saves the list; answers whether it was trusted. Its open sessions
     * refuse their next frame and are sealed nothing more (the session asks on every frame).
     */
    public boolean revoke(String deviceId) throws IOException {
        boolean was = devices.revoke(deviceId);
        if (was) {
            save();
        }
        return was;
    }

    /**
     * Gives a trusted device another name and saves the list; answers whether it was trusted. A
     * name no introduction could carry is refused ({@code malformed}, {@code too_large}) and
     * changes nothing; so does a list that could not be saved.
     */
    public boolean rename(String deviceId, String name) throws E2eException, IOException {
        Optional<TrustedDevice> was = devices.rename(deviceId, name);
        if (was.isEmpty()) {
            return false;
        }
        try {
            save();
        } catch (IOException e) {
            devices.restore(was.get());
            throw e;
        }
        return true;
    }

    /** Handshakes, pushes and decisions for the machine id the server gave this helper. */
    public HelperEndpoint endpoint(String machineId) {
        return new HelperEndpoint(machineId, key, devices, clock, ephemerals);
    }

    private void save() throws IOException {
        synchronized (saving) {
            file.save(devices.list());
        }
    }

    /** {@code POST /v1/e2e/offer}'s answer: the QR fragment and what a person compares. */
    public record IssuedOffer(String offer, String helperFingerprint, Instant expiresAt) {}

    /** An accepted introduction: {@code deviceId} and {@code proof} go back to the device. */
    public record Introduced(String deviceId, String proof, String deviceFingerprint, String helperFingerprint) {}

    /** {@code devices/list}: the trusted devices and the helper's own fingerprint. */
    public record DeviceList(List<DeviceView> devices, String helperFingerprint) {}

    /** @param current the device asking (its own entry in the list) */
    public record DeviceView(String deviceId, String name, String fingerprint, Instant introducedAt, boolean current) {}
}
