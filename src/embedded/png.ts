// The screenshot the test hypervisor streams: a valid 1120x832 PNG, built
// once with node:zlib (libvirt ships a fixed 33443-byte image of that size).
import { deflateSync } from "node:zlib";

export const SCREEN_WIDTH = 1120;
export const SCREEN_HEIGHT = 832;

let crcTable: Uint32Array | null = null;

function crc32(buf: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

let cached: Buffer | null = null;

/** A blue-grey gradient with a lighter band, RGB, 8 bits per channel. */
export function screenshotPng(): Buffer {
  if (cached) return cached;
  const stride = SCREEN_WIDTH * 3 + 1;
  const raw = Buffer.alloc(stride * SCREEN_HEIGHT);
  for (let y = 0; y < SCREEN_HEIGHT; y++) {
    const row = y * stride;
    raw[row] = 0; // filter: none
    const band = y > 380 && y < 452;
    for (let x = 0; x < SCREEN_WIDTH; x++) {
      const o = row + 1 + x * 3;
      raw[o] = band ? 220 : 32 + ((x * 64) / SCREEN_WIDTH) | 0;
      raw[o + 1] = band ? 220 : 48 + ((y * 64) / SCREEN_HEIGHT) | 0;
      raw[o + 2] = band ? 230 : 96;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SCREEN_WIDTH, 0);
  ihdr.writeUInt32BE(SCREEN_HEIGHT, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  cached = Buffer.concat([sig, chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
  return cached;
}
