package net.flydex.server.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The SVG draws exactly the code's dark modules, inside a white quiet zone. */
class QrSvgTest {
    private static final Pattern SQUARE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");
    private static final int QUIET = 4;

    @Test
    void theSvgHasOneSquarePerDarkModuleAndNothingElse() {
        String text = "https://flydex.example/pair#AbCdEfGhIjKlMnOpQrStUv";
        QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
        String svg = QrSvg.render(text);

        Set<String> drawn = new HashSet<>();
        SQUARE.matcher(svg).results().forEach(m -> drawn.add((Integer.parseInt(m.group(1)) - QUIET) + "," + (Integer.parseInt(m.group(2)) - QUIET)));
        Set<String> dark = new HashSet<>();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    dark.add(x + "," + y);
                }
            }
        }
        assertThat(drawn).isEqualTo(dark);
        int side = qr.size + 2 * QUIET;
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + " " + side + "\"")
                .contains("fill=\"#fff\"").doesNotContain("<script").doesNotContain(text);
    }
}
