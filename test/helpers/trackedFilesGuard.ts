// Global setup/teardown (vitest.config.ts): a test run must leave the checkout as it found it.
// Notes which tracked files are modified when the run starts; at the end, any tracked file that
// was clean and is now modified was rewritten by a test (or by hand during the run). Under CI
// (CI set, as .ci/run does) that fails the run; elsewhere it is a loud warning, since a developer
// may well be editing while tests run.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Tracked files with changes against the index or HEAD; null when git or the repository is not there. */
export function modifiedTrackedFiles(cwd: string = ROOT): Set<string> | null {
  try {
    const out = execFileSync('git', ['status', '--porcelain=v1', '-z', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // Entries are "XY path\0" (renames add "orig\0"); only the path after the status matters here.
    const files = new Set<string>();
    const parts = out.split('\0');
    for (let i = 0; i < parts.length; i++) {
      const e = parts[i]!;
      if (e.length < 4) continue;
      files.add(e.slice(3));
      if (e[0] === 'R' || e[0] === 'C') i++;
    }
    return files;
  } catch {
    return null;
  }
}

/** The files clean at `before` and modified at `after`. */
export function newlyModified(before: Set<string>, after: Set<string>): string[] {
  return [...after].filter((f) => !before.has(f)).sort();
}

let atStart: Set<string> | null = null;

export function setup(): void {
  atStart = modifiedTrackedFiles();
}

export function teardown(): void {
  if (!atStart) return;
  const atEnd = modifiedTrackedFiles();
  if (!atEnd) return;
  const changed = newlyModified(atStart, atEnd);
  if (changed.length === 0) return;
  const msg =
    `tracked files changed during this test run: ${changed.join(', ')} — tests must write to temp dirs, ` +
    'HOOKGATE_HOME or out/, never to tracked files (if you edited them yourself during the run, ignore this)';
  if (process.env.CI) {
    // A teardown's throw is only logged by vitest; the exit status must say it too.
    process.stderr.write(`\nFAILED: ${msg}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`\nWARNING: ${msg}\n`);
}
