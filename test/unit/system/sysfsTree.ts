// Builds a /sys/class/power_supply tree from a fixture in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES } from './fakeRunner';

type Entries = Record<string, Record<string, string | null>>;

const made: string[] = [];

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hookgate-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Removes every folder made so far (call from afterAll). */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes `entries` under a fresh temp folder and returns its path. */
export function writeSysfsTree(entries: Entries): string {
  const root = makeTempDir('sysfs');
  for (const [name, attrs] of Object.entries(entries)) {
    fs.mkdirSync(path.join(root, name));
    for (const [attr, content] of Object.entries(attrs)) {
      if (content !== null) fs.writeFileSync(path.join(root, name, attr), content);
    }
  }
  return root;
}

export function sysfsFixture(name: string): string {
  const data = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sysfs', `${name}.json`), 'utf8')) as { entries: Entries };
  return writeSysfsTree(data.entries);
}
