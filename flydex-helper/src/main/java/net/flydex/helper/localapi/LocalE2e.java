package net.flydex.helper.localapi;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.flydex.helper.e2e.HelperE2e;
import net.flydex.protocol.e2e.E2eException;
import net.flydex.protocol.e2e.Introduction;

/**
 * What the local API's end-to-end routes do once a request passed every check: offers and
 * introductions for the desktop page and {@code flydex pair} ({@code /v1/e2e/*}), the device list
 * revocation and renaming for {@code flydex devices} ({@code /v1/devices*}).
 */
public interface LocalE2e {
    HelperE2e.IssuedOffer offer();

    HelperE2e.Introduced introduce(Introduction introduction) throws E2eException, IOException;

    HelperE2e.DeviceList devices();

    /** Answers whether the device was trusted; its open sessions end. */
    boolean revoke(String deviceId) throws IOException;

    /** Answers whether the device was trusted; a name no introduction could carry is refused and changes nothing. */
    boolean rename(String deviceId, String name) throws E2eException, IOException;

    /**
     * The helper's own: {@link HelperE2e} itself, telling {@code revoked} (the relay) of revocations.
     * {@code e2e} is asked on each request: the state opens after the port is bound, before any request is answered.
     */
    static LocalE2e of(Supplier<HelperE2e> e2e, Consumer<String> revoked) {
        return new LocalE2e() {
            @Override
            public HelperE2e.IssuedOffer offer() {
                return e2e.get().offer();
            }

            @Override
            public HelperE2e.Introduced introduce(Introduction introduction) throws E2eException, IOException {
                return e2e.get().introduce(introduction);
            }

            @Override
            public HelperE2e.DeviceList devices() {
                return e2e.get().devices("");
            }

            @Override
            public boolean revoke(String deviceId) throws IOException {
                boolean was = e2e.get().revoke(deviceId);
                if (was) {
                    revoked.accept(deviceId);
                }
                return was;
            }

            @Override
            public boolean rename(String deviceId, String name) throws E2eException, IOException {
                return e2e.get().rename(deviceId, name);
            }
        };
    }
}
