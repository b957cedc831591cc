// Tests never rewrite tracked files: the fault suite's report goes to out/ during a test run (the
// committed bench/FAULTS.md only under `npm run faults`), and the guard in vitest.config.ts sees
// a tracked file a run changed.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../../helpers/cli';
import { FAULT_CATEGORIES, FAULTS_DIR, type FaultCategory, type FaultCategoryFile } from '../../faults/helpers/faultLog';
import { FAULTS_REPORT, faultsReportTarget, setup, teardown } from '../../faults/helpers/faultsReport';
import { modifiedTrackedFiles, newlyModified } from '../../helpers/trackedFilesGuard';

const hash = (file: string) => (fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent');

describe('the fault report of a test run', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('goes to out/faults/FAULTS.md unless HOOKGATE_FAULTS_REPORT names the committed one', () => {
    expect(faultsReportTarget({})).toBe(path.join(ROOT, 'out/faults/FAULTS.md'));
    expect(faultsReportTarget({ HOOKGATE_FAULTS_REPORT: 'bench/FAULTS.md' })).toBe(FAULTS_REPORT);
  });

  it('a complete, green run leaves bench/FAULTS.md alone and writes its report where it was told', () => {
    const committed = fs.existsSync(FAULTS_REPORT) ? fs.readFileSync(FAULTS_REPORT) : null;
    const committedHash = hash(FAULTS_REPORT);
    // Were it rewritten (the old behaviour), put it back: this test must not dirty the tree either.
    cleanups.push(() => {
      if (committed && hash(FAULTS_REPORT) !== committedHash) fs.writeFileSync(FAULTS_REPORT, committed);
    });
    let run = '';
    setup({ provide: (key: string, value: string) => key === 'faultsRun' && (run = value) } as unknown as TestProject);
    expect(run).not.toBe('');
    const runDir = path.join(FAULTS_DIR, run);
    cleanups.push(() => fs.rmSync(runDir, { recursive: true, force: true }));
    fs.mkdirSync(runDir, { recursive: true });
    for (const [category, title] of Object.entries(FAULT_CATEGORIES)) {
      const f: FaultCategoryFile = { category: category as FaultCategory, title, planned: 1, cases: [{ name: `${category} case`, tried: 3, held: 3, note: 'checked', ms: 1 }] };
      fs.writeFileSync(path.join(runDir, `${category}.json`), JSON.stringify(f));
    }
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-faults-')), 'FAULTS.md');
    cleanups.push(() => fs.rmSync(path.dirname(target), { recursive: true, force: true }));
    const saved = process.env.HOOKGATE_FAULTS_REPORT;
    process.env.HOOKGATE_FAULTS_REPORT = target;
    cleanups.push(() => (saved === undefined ? delete process.env.HOOKGATE_FAULTS_REPORT : (process.env.HOOKGATE_FAULTS_REPORT = saved)));

    teardown();

    expect(hash(FAULTS_REPORT)).toBe(committedHash);
    const n = Object.keys(FAULT_CATEGORIES).length * 3;
    expect(fs.readFileSync(target, 'utf8')).toContain(`**Total: ${n} of ${n} held.**`);
  });
});

describe('the tracked-files guard', () => {
  it('names the tracked files a run changed, and only those', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-guard-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: repo, stdio: 'ignore' });
      git('init', '-q');
      for (const f of ['a.md', 'b.md', 'c.md']) fs.writeFileSync(path.join(repo, f), `${f}\n`);
      git('add', '.');
      git('commit', '-qm', 'files');
      fs.appendFileSync(path.join(repo, 'a.md'), 'edited before the run\n');
      const before = modifiedTrackedFiles(repo)!;
      expect([...before]).toEqual(['a.md']);
      fs.appendFileSync(path.join(repo, 'b.md'), 'rewritten by a test\n');
      fs.writeFileSync(path.join(repo, 'untracked.txt'), 'a temp file\n');
      expect(newlyModified(before, modifiedTrackedFiles(repo)!)).toEqual(['b.md']);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('is quiet outside a git checkout', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-nogit-'));
    try {
      expect(modifiedTrackedFiles(dir)).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
