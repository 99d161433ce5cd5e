package net.flydex.server.pairing;

import io.nayuki.qrcodegen.QrCode;

/**
 * The pair URL's QR code as a standalone SVG document, drawn here rather than in the browser so
 * the web app needs no QR encoder, and rather than served from a GET URL so the claim code (in the
 * URL's fragment) never appears in a request line or a log. One path of unit squares, dark on
 * white whatever the page's colour scheme, since scanners expect that.
 */
public final class QrSvg {
    /** The quiet zone the QR specification asks for around a code, in modules. */
    private static final int QUIET_ZONE = 4;

    private QrSvg() {}

    public static String render(String text) {
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        int side = qr.size + 2 * QUIET_ZONE;
        var path = new StringBuilder();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + QUIET_ZONE).append(',').append(y + QUIET_ZONE).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side
                + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\""
                + path + "\"/></svg>";
    }
}
