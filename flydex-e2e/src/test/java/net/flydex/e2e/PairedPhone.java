package net.flydex.e2e;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import net.flydex.testkit.RelayClient;

/**
 * Where the relay tests start: a helper linked to a fresh account, that account's phone
 * subscribed to it with a sealed session open, and a work directory for Codex's threads. Closing
 * it closes the phone and the helper; the control plane, and any proxy in front of it, stay the
 * test's to close.
 */
final class PairedPhone implements AutoCloseable {
    final PairedDesktop desktop;
    final RelayClient phone;
    final Path work;

    private PairedPhone(PairedDesktop desktop, RelayClient phone, Path work) {
        this.desktop = desktop;
        this.phone = phone;
        this.work = work;
    }

    /** Signs up {@code email}, starts a helper in {@code dir} linked to {@code plane}, and subscribes the phone. */
    static PairedPhone link(ControlPlane plane, Path dir, String email) throws Exception {
        return link(plane, dir, email, plane.url);
    }

    /** As {@link #link(ControlPlane, Path, String)}, the helper knowing {@code server} (a proxy in front of {@code plane}) as its control plane. */
    static PairedPhone link(ControlPlane plane, Path dir, String email, URI server) throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        PairedDesktop desktop = PairedDesktop.link(plane, dir, email, server);
        try {
            return new PairedPhone(desktop, CodexTurns.subscribedPhone(plane, desktop), work);
        } catch (RuntimeException e) {
            desktop.close();
            throw e;
        }
    }

    @Override
    public void close() {
        phone.close();
        desktop.close();
    }
}
