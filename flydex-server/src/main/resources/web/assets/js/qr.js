// QR codes drawn in this browser, for what must never reach a server: a pairing QR carries the
// helper's one-time offer in its fragment. The same library and quiet zone as the server's QrSvg,
// loaded only when a QR is shown.

/** The quiet zone the QR specification asks for around a code, in modules. */
const QUIET_ZONE = 4;
/** The widest a code is drawn and its padding, as app.css's `.qr-box img` (min(300px, 80vw), 8 px each side). */
const MAX_WIDTH_PX = 300;
const MAX_WIDTH_VIEWPORT = 0.8;
const PADDING_PX = 8;
let library = null;

/**
 * Shows `text` as a QR code in `img`, drawn at a whole number of screen pixels per module: at a
 * fractional scale crisp edges make modules alternately one pixel wider, and a camera (or ZXing in
 * the tests) sampling a dense code on that uneven grid misreads some codes for their whole lifetime.
 */
export async function drawQr(img, text) {
  const { src, modules } = await qrCode(text);
  const ratio = window.devicePixelRatio || 1;
  const room = Math.min(MAX_WIDTH_PX, window.innerWidth * MAX_WIDTH_VIEWPORT) - 2 * PADDING_PX;
  const pixelsPerModule = Math.max(1, Math.floor((room * ratio) / modules));
  img.style.width = `${(pixelsPerModule * modules) / ratio + 2 * PADDING_PX}px`;
  img.src = src;
}

/** `text` as a QR code: an SVG data URL (dark on white whatever the page's colours, as scanners expect) and its side in modules. */
async function qrCode(text) {
  library ??= import('../vendor/qrcodegen.js');
  const { QrCode } = (await library).default;
  // Low error correction: a code on a screen is not scuffed like a printed one, and the offer makes
  // the text long, so fewer, larger modules scan better from across a desk.
  const qr = QrCode.encodeText(text, QrCode.Ecc.LOW);
  const side = qr.size + 2 * QUIET_ZONE;
  let path = '';
  for (let y = 0; y < qr.size; y++) {
    for (let x = 0; x < qr.size; x++) {
      if (qr.getModule(x, y)) path += `M${x + QUIET_ZONE},${y + QUIET_ZONE}h1v1h-1z`;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges">`
    + `<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`, modules: side };
}
