/*! Bundles qrcode-generator (npm): QR Code Generator for JavaScript, Copyright (c) 2009 Kazuhiko Arase,
    licensed under the MIT license: http://www.opensource.org/licenses/mit-license.php
    The word 'QR Code' is registered trademark of DENSO WAVE INCORPORATED. */
// The 2FA set-up's otpauth:// URI as a QR code on a canvas, encoded by qrcode-generator (the smallest
// version that fits, error correction M, the best of the eight masks), text as UTF-8 bytes.
import { qrcode } from 'qrcode-generator';

const QUIET_MODULES = 4;

qrcode.stringToBytes = (text) => Array.from(new TextEncoder().encode(text));

export function qrCanvas(text, scale = 4) {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const size = (qr.getModuleCount() + 2 * QUIET_MODULES) * scale;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.translate(QUIET_MODULES * scale, QUIET_MODULES * scale);
  qr.renderTo2dContext(ctx, scale);
  return canvas;
}
