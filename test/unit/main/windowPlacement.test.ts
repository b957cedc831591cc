import { describe, expect, it } from 'vitest';
import { PLACEMENT_GAP, placeTrayWindow, taskbarEdge, type Rect } from '../../../electron/main/windowPlacement';

const display: Rect = { x: 0, y: 0, width: 1920, height: 1080 };
const size = { width: 420, height: 600 };

function inside(p: { x: number; y: number }, wa: Rect): boolean {
  return p.x >= wa.x && p.y >= wa.y && p.x + size.width <= wa.x + wa.width && p.y + size.height <= wa.y + wa.height;
}

describe('tray window placement', () => {
  it('sits above a Windows taskbar at the bottom, centred on the icon', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1600, y: 1048, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: display, workArea, windowSize: size });
    expect(p).toEqual({ x: 1612 - 210, y: 1040 - 600 - PLACEMENT_GAP });
    expect(inside(p, workArea)).toBe(true);
  });

  it('is pushed left to stay inside the work area when the icon is in the corner', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    const tray = { x: 1890, y: 1048, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: display, workArea, windowSize: size });
    expect(p.x).toBe(1920 - 420);
    expect(inside(p, workArea)).toBe(true);
  });

  it('hangs below a taskbar at the top', () => {
    const workArea = { x: 0, y: 40, width: 1920, height: 1040 };
    const tray = { x: 1500, y: 8, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: display, workArea, windowSize: size });
    expect(p).toEqual({ x: 1512 - 210, y: 40 + PLACEMENT_GAP });
  });

  it('opens to the right of a taskbar on the left', () => {
    const workArea = { x: 60, y: 0, width: 1860, height: 1080 };
    const tray = { x: 18, y: 900, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: display, workArea, windowSize: size });
    expect(p.x).toBe(60 + PLACEMENT_GAP);
    expect(p.y).toBe(1080 - 600); // centred on the icon would overflow the bottom: clamped
    expect(inside(p, workArea)).toBe(true);
  });

  it('opens to the left of a taskbar on the right', () => {
    const workArea = { x: 0, y: 0, width: 1860, height: 1080 };
    const tray = { x: 1878, y: 300, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: display, workArea, windowSize: size });
    expect(p).toEqual({ x: 1860 - 420 - PLACEMENT_GAP, y: 312 - 300 });
  });

  it('hangs below the macOS menu bar, whatever the dock does to the work area', () => {
    const mac: Rect = { x: 0, y: 0, width: 1440, height: 900 };
    const workArea = { x: 0, y: 25, width: 1440, height: 800 }; // dock at the bottom reserves more than the menu bar
    const tray = { x: 1200, y: 0, width: 22, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: mac, workArea, windowSize: size, platform: 'darwin' });
    expect(p).toEqual({ x: 1211 - 210, y: 25 + PLACEMENT_GAP });
  });

  it('uses the display that holds the icon: a second monitor to the left with negative coordinates', () => {
    const second: Rect = { x: -1280, y: 0, width: 1280, height: 1024 };
    const workArea = { x: -1280, y: 0, width: 1280, height: 984 };
    const tray = { x: -300, y: 990, width: 24, height: 24 };
    const p = placeTrayWindow({ trayBounds: tray, displayBounds: second, workArea, windowSize: size });
    expect(p).toEqual({ x: -288 - 210, y: 984 - 600 - PLACEMENT_GAP });
    expect(inside(p, workArea)).toBe(true);
  });

  it('anchors to the pointer when the tray reports no bounds (Linux)', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 }; // GNOME top bar
    const p = placeTrayWindow({ trayBounds: { x: 0, y: 0, width: 0, height: 0 }, displayBounds: display, workArea, windowSize: size, cursor: { x: 1800, y: 12 } });
    expect(p).toEqual({ x: 1920 - 420, y: 32 + PLACEMENT_GAP });
  });

  it('falls back to the corner next to the panel with neither bounds nor pointer', () => {
    const top = placeTrayWindow({ trayBounds: null, displayBounds: display, workArea: { x: 0, y: 32, width: 1920, height: 1048 }, windowSize: size });
    expect(top).toEqual({ x: 1920 - 420 - PLACEMENT_GAP, y: 32 + PLACEMENT_GAP });
    const bottom = placeTrayWindow({ trayBounds: null, displayBounds: display, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, windowSize: size });
    expect(bottom).toEqual({ x: 1920 - 420 - PLACEMENT_GAP, y: 1040 - 600 - PLACEMENT_GAP });
  });

  it('keeps the top-left corner visible when the window is larger than the work area', () => {
    const workArea = { x: 0, y: 0, width: 800, height: 500 };
    const p = placeTrayWindow({ trayBounds: { x: 700, y: 510, width: 20, height: 20 }, displayBounds: { x: 0, y: 0, width: 800, height: 540 }, workArea, windowSize: size });
    expect(p).toEqual({ x: 380, y: 0 });
  });

  it('stays inside the work area for any icon position and taskbar edge', () => {
    const cases: Array<{ wa: Rect }> = [
      { wa: { x: 0, y: 0, width: 1920, height: 1040 } },
      { wa: { x: 0, y: 40, width: 1920, height: 1040 } },
      { wa: { x: 60, y: 0, width: 1860, height: 1080 } },
      { wa: { x: 0, y: 0, width: 1860, height: 1080 } },
      { wa: display },
    ];
    for (const { wa } of cases) {
      for (let tx = -50; tx <= 1950; tx += 97) {
        for (let ty = -50; ty <= 1100; ty += 89) {
          const p = placeTrayWindow({ trayBounds: { x: tx, y: ty, width: 24, height: 24 }, displayBounds: display, workArea: wa, windowSize: size });
          expect(inside(p, wa), `tray at ${tx},${ty} work area ${JSON.stringify(wa)} → ${JSON.stringify(p)}`).toBe(true);
        }
      }
    }
  });
});

describe('taskbar edge', () => {
  it('is the edge the work area leaves out', () => {
    expect(taskbarEdge(display, { x: 0, y: 0, width: 1920, height: 1040 }, null)).toBe('bottom');
    expect(taskbarEdge(display, { x: 0, y: 40, width: 1920, height: 1040 }, null)).toBe('top');
    expect(taskbarEdge(display, { x: 48, y: 0, width: 1872, height: 1080 }, null)).toBe('left');
    expect(taskbarEdge(display, { x: 0, y: 0, width: 1872, height: 1080 }, null)).toBe('right');
  });

  it('is the display edge nearest the icon when an auto-hiding taskbar reserves nothing', () => {
    expect(taskbarEdge(display, display, { x: 1900, y: 1070 })).toBe('bottom');
    expect(taskbarEdge(display, display, { x: 10, y: 500 })).toBe('left');
  });

  it('picks, of a top panel and a side dock (Ubuntu), the one the icon is on', () => {
    const wa = { x: 64, y: 32, width: 1856, height: 1048 };
    expect(taskbarEdge(display, wa, { x: 1800, y: 14 })).toBe('top');
    expect(taskbarEdge(display, wa, { x: 30, y: 600 })).toBe('left');
  });
});
