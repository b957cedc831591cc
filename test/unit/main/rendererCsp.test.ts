// The renderer's Content-Security-Policy stays strict: the page runs only its own scripts, loads no
// plugins, frames or remote code, and talks to nothing but itself (the daemon's loopback WebSocket
// when served by `hookgate daemon --web`).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const HTML = fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8');

function policy(): Map<string, string[]> {
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(HTML);
  expect(m, 'renderer/index.html has a CSP meta tag').toBeTruthy();
  return new Map(
    m![1]!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("the renderer's Content-Security-Policy", () => {
  it('allows only its own scripts: no inline code, no eval, no remote hosts', () => {
    const p = policy();
    expect(p.get('default-src')).toEqual(["'self'"]);
    expect(p.get('script-src')).toEqual(["'self'"]);
  });

  it('loads no plugins or frames, and cannot be re-based or post forms away', () => {
    const p = policy();
    for (const d of ['object-src', 'frame-src', 'base-uri', 'form-action']) expect(p.get(d), d).toEqual(["'none'"]);
  });

  it('connects only to itself and the loopback WebSocket', () => {
    expect(policy().get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:*', 'ws://localhost:*']);
  });
});
