// Issue "The CLI tells the truth", item 3, and "Containment", item 5: hooks add/edit/import-backrest
// refuse a script that is not a valid template (the parse error and its line; --force keeps a
// disabled draft), print the editor's lint warnings, and a gate never says "exited null". Real CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

const BROKEN = '#!/bin/sh\necho start\n{{ if .Error }\necho x\n';

describe('hooks add/edit/import-backrest check the template', () => {
  it('add refuses a template that does not parse, with its line; --force keeps it disabled', async () => {
    const home = tempHome();
    const env = { HOOKGATE_HOME: home };
    const r = await runCli(['hooks', 'add', '--name', 'ping', '--condition', 'snapshot-end', '--script', '-'], { env, input: BROKEN });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hookgate hooks add: the script is not a valid template: line 3, column \d+: .+; fix it, or give --force to keep it as a disabled draft\n$/);
    expect(fs.existsSync(path.join(home, 'config.json'))).toBe(false);

    const forced = await runCli(['hooks', 'add', '--name', 'ping', '--condition', 'snapshot-end', '--script', '-', '--force'], { env, input: BROKEN });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/warning: the script is not a valid template: line 3.*kept, disabled/);
    const hook = JSON.parse((await runCli(['hooks', 'show', 'ping', '--json'], { env })).stdout);
    expect(hook).toMatchObject({ enabled: false, script: BROKEN });

    const edit = await runCli(['hooks', 'edit', 'ping', '--script', '-'], { env, input: '{{ end }}\n' });
    expect(edit.code).toBe(2);
    expect(edit.stderr).toMatch(/the script is not a valid template: line 1, column \d+: unexpected/);
  });

  it('add prints the editor\'s warning for {{ .Error }} outside quotes in a shell script, and saves the hook', async () => {
    const env = { HOOKGATE_HOME: tempHome() };
    const r = await runCli(['hooks', 'add', '--name', 'report', '--condition', 'snapshot-error', '--script', '-'], { env, input: '#!/bin/sh\nlogger backup failed: {{ .Error }}\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('hookgate hooks add: warning: script line 2: `{{ .Error }}` outside quotes in a shell script: use `{{ .Error | .ShellEscape }}` or "$HOOKGATE_ERROR"');
    const clean = await runCli(['hooks', 'add', '--name', 'report2', '--condition', 'snapshot-error', '--script', '-'], { env, input: '#!/bin/sh\nlogger backup failed: {{ .Error | .ShellEscape }}\n' });
    expect(clean.stderr).toBe('');
  });

  it('import-backrest leaves out a hook whose script does not parse (or, with --force, imports it disabled)', async () => {
    const home = tempHome();
    const env = { HOOKGATE_HOME: home };
    const file = path.join(home, 'backrest.json');
    fs.writeFileSync(file, JSON.stringify({ plans: [{ id: 'docs', hooks: [
      { conditions: ['CONDITION_SNAPSHOT_START'], actionCommand: { command: 'echo ok' }, onError: 'ON_ERROR_CANCEL' },
      { conditions: ['CONDITION_SNAPSHOT_END'], actionCommand: { command: 'echo {{ .Error' } },
    ] }] }));
    const r = await runCli(['hooks', 'import-backrest', file], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('imported 1 hook');
    expect(r.stdout).toMatch(/plans\[0\]\.hooks\[1\] \(plan "docs"\): the script is not a valid template: line 1, column \d+: .*--force/);
    const forced = await runCli(['hooks', 'import-backrest', file, '--force'], { env });
    expect(forced.stdout).toContain('imported 1 hook');
    const hooks = JSON.parse((await runCli(['hooks', 'list', '--json'], { env })).stdout);
    expect(hooks.map((h: { enabled: boolean }) => h.enabled)).toEqual([true, false]);
  });

  it('a hook whose template does not render never reads "exited null"', async () => {
    const home = tempHome();
    writeHooks(home, [{ id: 'bad', name: 'bad', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: '{{ if .Error }}' }]);
    const r = await runCli(['signal', 'snapshot-start'], { env: { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' } });
    expect(r.code).toBe(75);
    expect(r.stdout + r.stderr).not.toContain('exited null');
    expect(r.stdout).toMatch(/template does not render/);
  });
});
