// `npm start` (scripts/start.mjs) on a Linux machine with no desktop session: it says so and names
// `npm run daemon`, instead of downloading Electron or failing inside it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe.skipIf(process.platform !== 'linux')('npm start without a display', () => {
  it('says there is no graphical session and names npm run daemon', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/start.mjs')], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' }, timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('hookgate: cannot start the tray app: there is no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set)');
    expect(r.stderr).toContain('npm run daemon');
    expect(r.stderr).not.toContain('downloading');
  });
});
