package net.flydex.helper.pairing;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn with Unicode half blocks, two modules per character cell. Light modules are
 * drawn filled, so on the usual dark terminal the code reads dark-on-light as scanners expect;
 * {@code invert} suits light terminals.
 */
public final class TerminalQr {
    /** The quiet zone scanners need around a code, in modules (the spec asks for 4; 2 scans reliably on screens). */
    private static final int QUIET_ZONE = 2;

    private TerminalQr() {}

    public static String render(String text, boolean invert) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int size = qr.size;
        var out = new StringBuilder();
        for (int y = -QUIET_ZONE; y < size + QUIET_ZONE; y += 2) {
            for (int x = -QUIET_ZONE; x < size + QUIET_ZONE; x++) {
                boolean top = filled(qr, x, y, invert);
                boolean bottom = filled(qr, x, y + 1, invert);
                out.append(top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ');
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static boolean filled(QrCode qr, int x, int y, boolean invert) {
        boolean dark = x >= 0 && y >= 0 && x < qr.size && y < qr.size && qr.getModule(x, y);
        return invert == dark;
    }
}
