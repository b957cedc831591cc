// The committed icons are what scripts/gen-icons.mjs draws, and every state has an icon for every
// platform at the sizes its tray asks for.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TRAY_STATES } from '../../../electron/main/trayState';
// @ts-expect-error: a plain-JS build script without type declarations
import { allIcons, STATES } from '../../../scripts/gen-icons.mjs';

const ASSETS = path.resolve(import.meta.dirname, '../../../assets');

function pngSize(buf: Buffer): [number, number] {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return [buf.readUInt32BE(16), buf.readUInt32BE(20)];
}

describe('tray icon assets', () => {
  it('covers exactly the tray states', () => {
    expect(STATES).toEqual([...TRAY_STATES]);
  });

  it('match what the generator draws (run `node scripts/gen-icons.mjs` after changing it)', () => {
    const icons = allIcons() as Map<string, Buffer>;
    for (const [name, data] of icons) {
      const file = path.join(ASSETS, name);
      expect(fs.existsSync(file), `${name} is missing`).toBe(true);
      expect(fs.readFileSync(file).equals(data), `${name} differs from the generator's`).toBe(true);
    }
  });

  it('has Linux PNGs at 1x and 2x, macOS templates and a Windows .ico for each state', () => {
    for (const state of TRAY_STATES) {
      for (const [name, size] of [[`${state}-16.png`, 16], [`${state}-16@2x.png`, 32], [`${state}-22.png`, 22], [`${state}-22@2x.png`, 44]] as const) {
        expect(pngSize(fs.readFileSync(path.join(ASSETS, 'tray/linux', name)))).toEqual([size, size]);
      }
      expect(pngSize(fs.readFileSync(path.join(ASSETS, 'tray/mac', `${state}Template.png`)))).toEqual([18, 18]);
      expect(pngSize(fs.readFileSync(path.join(ASSETS, 'tray/mac', `${state}Template@2x.png`)))).toEqual([36, 36]);
      const ico = fs.readFileSync(path.join(ASSETS, 'tray/win', `${state}.ico`));
      expect(ico.readUInt16LE(2)).toBe(1);
      const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + i * 16]);
      expect(sizes).toEqual([16, 20, 24, 32, 40, 48]);
    }
  });

  it('draws macOS templates in black and alpha only', () => {
    // Template images are tinted by the menu bar: any colour in them would show as a smudge.
    for (const state of TRAY_STATES) {
      const png = fs.readFileSync(path.join(ASSETS, 'tray/mac', `${state}Template@2x.png`));
      const [w, h] = pngSize(png);
      const idat = png.subarray(41, 41 + png.readUInt32BE(33));
      expect(png.subarray(37, 41).toString('ascii')).toBe('IDAT');
      const raw = zlib.inflateSync(idat);
      let opaque = 0;
      for (let y = 0; y < h; y++) {
        expect(raw[y * (w * 4 + 1)], 'filter type').toBe(0);
        for (let x = 0; x < w; x++) {
          const i = y * (w * 4 + 1) + 1 + x * 4;
          expect([raw[i], raw[i + 1], raw[i + 2]], `${state} pixel ${x},${y}`).toEqual([0, 0, 0]);
          if (raw[i + 3]! > 200) opaque++;
        }
      }
      expect(opaque, `${state} has a visible shape`).toBeGreaterThan(w * h * 0.2);
    }
  });
});
