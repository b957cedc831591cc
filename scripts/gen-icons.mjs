// Draws the tray and app icons into assets/ with Node built-ins only (zlib for PNG): a shield, the
// gate, coloured by state with a white glyph (Linux, Windows), or black with the glyph cut out
// (macOS template images, which the menu bar tints itself). Deterministic: the same bytes on every
// run, so a test can check that the committed icons are what this script draws.
//
//   node scripts/gen-icons.mjs [--out DIR]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const STATES = ['idle', 'running', 'ok', 'skipped', 'warning', 'failed', 'held'];

// State colours: readable on light and dark panels alike (mid-tone, saturated).
const COLOURS = {
  idle: [0x6b, 0x72, 0x80],
  running: [0x25, 0x63, 0xeb],
  ok: [0x16, 0xa3, 0x4a],
  skipped: [0x64, 0x74, 0x8b],
  warning: [0xd9, 0x77, 0x06],
  failed: [0xdc, 0x26, 0x26],
  held: [0x7c, 0x3a, 0xed],
};

// ---- geometry (unit square, y down) -------------------------------------------------------------

function bezier(p0, p1, p2, p3, steps, out) {
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const u = 1 - t;
    out.push([
      u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
      u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
    ]);
  }
}

/** A heater shield: flat shoulders with a small peak, straight sides, curving to a point. */
function shield(inset = 0) {
  const l = 0.12 + inset;
  const r = 0.88 - inset;
  const top = 0.1 + inset;
  const peak = 0.04 + inset * 1.1;
  const side = 0.5;
  const tip = 0.96 - inset * 1.4;
  const pts = [[l, top], [0.5, peak], [r, top], [r, side]];
  bezier([r, side], [r, 0.72 - inset * 0.3], [0.72, 0.86 - inset * 0.5], [0.5, tip], 24, pts);
  bezier([0.5, tip], [0.28, 0.86 - inset * 0.5], [l, 0.72 - inset * 0.3], [l, side], 24, pts);
  return pts;
}

function circle(cx, cy, rad, steps = 40) {
  const pts = [];
  for (let i = 0; i < steps; i++) {
    const a = (i / steps) * Math.PI * 2;
    pts.push([cx + rad * Math.cos(a), cy + rad * Math.sin(a)]);
  }
  return pts;
}

function rect(x0, y0, x1, y1) {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
}

/** A thick line from a to b, with round caps (a quad and two discs). */
function segment(a, b, w) {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const nx = (-dy / len) * (w / 2);
  const ny = (dx / len) * (w / 2);
  return [
    [[a[0] + nx, a[1] + ny], [b[0] + nx, b[1] + ny], [b[0] - nx, b[1] - ny], [a[0] - nx, a[1] - ny]],
    circle(a[0], a[1], w / 2, 16),
    circle(b[0], b[1], w / 2, 16),
  ];
}

function polyline(points, w) {
  const out = [];
  for (let i = 1; i < points.length; i++) out.push(...segment(points[i - 1], points[i], w));
  return out;
}

/** The glyph inside the shield for each state; centred on the shield's body (y ≈ 0.47). */
function glyph(state) {
  const W = 0.12; // stroke width: about 2 px at 16 px
  switch (state) {
    case 'idle':
      // The gate: two posts and a bar.
      return [rect(0.33, 0.28, 0.33 + W, 0.68), rect(0.67 - W, 0.28, 0.67, 0.68), rect(0.33, 0.42, 0.67, 0.42 + W)];
    case 'running':
      return [circle(0.3, 0.47, 0.075), circle(0.5, 0.47, 0.075), circle(0.7, 0.47, 0.075)];
    case 'ok':
      return polyline([[0.31, 0.48], [0.44, 0.61], [0.7, 0.34]], W + 0.02);
    case 'skipped':
      // ▸▸ fast-forward.
      return [[[0.27, 0.31], [0.5, 0.47], [0.27, 0.63]], [[0.5, 0.31], [0.73, 0.47], [0.5, 0.63]]];
    case 'warning':
      return [rect(0.5 - W / 2, 0.24, 0.5 + W / 2, 0.55), circle(0.5, 0.67, W * 0.65)];
    case 'failed':
      return [...segment([0.34, 0.31], [0.66, 0.63], W + 0.02), ...segment([0.66, 0.31], [0.34, 0.63], W + 0.02)];
    case 'held':
      // Pause bars.
      return [rect(0.35, 0.29, 0.35 + W + 0.02, 0.65), rect(0.65 - W - 0.02, 0.29, 0.65, 0.65)];
    default:
      throw new Error(`no glyph for state "${state}"`);
  }
}

// ---- rasteriser: coverage by scanlines over 4×4 subsamples ---------------------------------------

const SS = 4;

/** Coverage (0–1) of each pixel by the union of `polys`, each filled non-zero. */
function coverage(polys, size) {
  const cov = new Float64Array(size * size);
  const sub = size * SS;
  for (let sy = 0; sy < sub; sy++) {
    const y = (sy + 0.5) / sub;
    const inside = new Uint8Array(sub);
    for (const poly of polys) {
      const xs = [];
      for (let i = 0; i < poly.length; i++) {
        const [x0, y0] = poly[i];
        const [x1, y1] = poly[(i + 1) % poly.length];
        if ((y0 <= y && y1 > y) || (y1 <= y && y0 > y)) xs.push({ x: x0 + ((y - y0) / (y1 - y0)) * (x1 - x0), dir: y1 > y0 ? 1 : -1 });
      }
      xs.sort((a, b) => a.x - b.x);
      let wind = 0;
      for (let i = 0; i < xs.length - 1; i++) {
        wind += xs[i].dir;
        if (wind === 0) continue;
        const from = Math.max(0, Math.ceil(xs[i].x * sub - 0.5));
        const to = Math.min(sub - 1, Math.floor(xs[i + 1].x * sub - 0.5));
        for (let sx = from; sx <= to; sx++) inside[sx] = 1;
      }
    }
    const py = Math.floor(sy / SS);
    for (let sx = 0; sx < sub; sx++) if (inside[sx]) cov[py * size + Math.floor(sx / SS)] += 1 / (SS * SS);
  }
  return cov;
}

/** RGBA float canvas with source-over fills and destination-out cuts. */
function canvas(size) {
  const px = new Float64Array(size * size * 4);
  return {
    size,
    fill(polys, [r, g, b], alpha = 1) {
      const cov = coverage(polys, size);
      for (let i = 0; i < size * size; i++) {
        const a = cov[i] * alpha;
        if (a === 0) continue;
        const da = px[i * 4 + 3];
        const oa = a + da * (1 - a);
        for (const [k, c] of [[0, r], [1, g], [2, b]]) px[i * 4 + k] = (c * a + px[i * 4 + k] * da * (1 - a)) / oa;
        px[i * 4 + 3] = oa;
      }
    },
    cut(polys) {
      const cov = coverage(polys, size);
      for (let i = 0; i < size * size; i++) px[i * 4 + 3] *= 1 - cov[i];
    },
    rgba() {
      const out = Buffer.alloc(size * size * 4);
      for (let i = 0; i < size * size * 4; i++) out[i] = Math.max(0, Math.min(255, Math.round(i % 4 === 3 ? px[i] * 255 : px[i])));
      return out;
    },
  };
}

// ---- encoders -----------------------------------------------------------------------------------

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function encodePng(rgba, size) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico holding PNG images (Windows Vista and later read them). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, png }, i) => {
    const e = i * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bits per pixel
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.png)]);
}

// ---- the icons ----------------------------------------------------------------------------------

/** A state's icon in colour: the shield in the state's colour, the glyph in white. */
export function drawColour(state, size) {
  const c = canvas(size);
  c.fill([shield()], COLOURS[state]);
  if (state === 'idle') {
    // Idle is quiet: an outlined shield, the gate in its colour.
    c.cut([shield(0.085)]);
    c.fill(glyph(state), COLOURS[state]);
  } else {
    c.fill(glyph(state), [255, 255, 255]);
  }
  return encodePng(c.rgba(), size);
}

/** A macOS template image: black and alpha only; the glyph is cut out of the shield. */
export function drawTemplate(state, size) {
  const c = canvas(size);
  c.fill([shield()], [0, 0, 0]);
  if (state === 'idle') {
    c.cut([shield(0.085)]);
    c.fill(glyph(state), [0, 0, 0]);
  } else {
    c.cut(glyph(state));
  }
  return encodePng(c.rgba(), size);
}

/** Every file this script writes, by name relative to assets/. */
export function allIcons() {
  const files = new Map();
  for (const state of STATES) {
    // Linux: 22 px panels (AppIndicator) and 16 px (XEmbed trays), each at 1x and 2x.
    for (const base of [16, 22]) {
      files.set(`tray/linux/${state}-${base}.png`, drawColour(state, base));
      files.set(`tray/linux/${state}-${base}@2x.png`, drawColour(state, base * 2));
    }
    // macOS: template images (the name must end in "Template"), 18 pt at 1x and 2x.
    files.set(`tray/mac/${state}Template.png`, drawTemplate(state, 18));
    files.set(`tray/mac/${state}Template@2x.png`, drawTemplate(state, 36));
    // Windows: one .ico with the sizes the notification area picks from at 100–300 % scaling.
    files.set(`tray/win/${state}.ico`, encodeIco([16, 20, 24, 32, 40, 48].map((size) => ({ size, png: drawColour(state, size) }))));
  }
  // The app icon: electron-builder derives .icns and .ico from a 512 px PNG.
  files.set('icon.png', drawColour('ok', 512));
  return files;
}

function main() {
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? path.resolve(process.argv[i + 1]) : path.resolve(import.meta.dirname, '..', 'assets');
  for (const [name, data] of allIcons()) {
    const file = path.join(out, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
  console.log(`wrote ${allIcons().size} icons to ${out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) main();
