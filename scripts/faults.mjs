// `npm run faults`: runs the fault suite (test/faults) and, when every category ran and held,
// refreshes the committed bench/FAULTS.md. A plain `npm test` reports to out/faults/FAULTS.md
// instead, so that a test run never rewrites a tracked file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = path.join(root, 'bench/FAULTS.md');
const before = fs.existsSync(report) ? fs.statSync(report).mtimeMs : 0;
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
// Extra arguments (vitest's) replace the default filter: a part of the suite never refreshes the report.
const args = process.argv.slice(2);
const r = spawnSync(process.execPath, [vitest, 'run', ...(args.length ? args : ['test/faults'])], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, HOOKGATE_FAULTS_REPORT: 'bench/FAULTS.md' },
});
if (r.status !== 0) {
  process.stderr.write(`npm run faults: the fault suite did not pass (exit ${r.status ?? r.signal}); bench/FAULTS.md left as it was\n`);
  process.exit(r.status || 1);
}
const after = fs.existsSync(report) ? fs.statSync(report).mtimeMs : 0;
if (after === before) {
  process.stderr.write('npm run faults: bench/FAULTS.md was not rewritten (a category did not run in full); see above\n');
  process.exit(1);
}
process.stdout.write('npm run faults: bench/FAULTS.md refreshed — review it with `git diff bench/FAULTS.md` and commit it\n');
