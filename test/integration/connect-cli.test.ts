// Issue "Find and connect": `hookgate plans discover | connect ID | disconnect ID` as a user runs
// them — the diff first, a question on a terminal, --yes for scripts, nothing changed without a
// terminal and without --yes — on their own and through a running host.
import fs from 'node:fs';
import * as pty from 'node-pty';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, ROOT, runCli } from '../helpers/cli';
import { hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { makeTree } from '../helpers/discoveryTree';

afterEach(stopAll);

const CONF = 'config_version\t1.2\nsnapshot_root\t/srv/snapshots/\nretain\talpha\t6\nbackup\t/home/\tlocalhost/\n';
const BORG = '# nightly\nlocation:\n    source_directories:\n        - /home\n    repositories:\n        - /mnt/b\n';

function machine() {
  const t = makeTree();
  const conf = t.write('etc/rsnapshot.conf', CONF);
  const borg = t.write('~/.config/borgmatic/config.yaml', BORG);
  const env = { ...hostEnv(), HOOKGATE_DISCOVERY_ROOT: t.root, HOOKGATE_DISCOVERY_HOME: t.home, HOOKGATE_BIN: '/usr/local/bin/hookgate', HOOKGATE_CRONTAB: '' };
  return { t, conf, borg, env };
}

describe('hookgate plans discover / connect / disconnect', () => {
  it('without a host: lists, refuses to change anything without a terminal or --yes, applies with --yes, is idempotent, disconnects', async () => {
    const m = machine();
    const env = { ...m.env, HOOKGATE_NO_HOST: '1' };
    const list = await runCli(['plans', 'discover'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^rsnapshot {2}— {2}rsnapshot \/etc\/rsnapshot\.conf$/m);
    expect(list.stdout).toMatch(/^borgmatic {2}— {2}borgmatic ~\/\.config\/borgmatic\/config\.yaml$/m);
    expect(list.stdout).toContain('not connected: rsnapshot does not tell Hookgate when this backup runs');

    const refused = await runCli(['plans', 'connect', 'rsnapshot'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('+cmd_preexec\t/usr/local/bin/hookgate signal snapshot-start --plan rsnapshot');
    expect(refused.stdout).toContain('rsnapshot treats a failing cmd_preexec as an error');
    expect(refused.stderr).toBe('hookgate plans connect: nothing was changed — there is no terminal to ask on; run it again with --yes to apply\n');
    expect(fs.readFileSync(m.conf, 'utf8')).toBe(CONF);

    const yes = await runCli(['plans', 'connect', 'rsnapshot', '--yes'], { env });
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('Connected rsnapshot /etc/rsnapshot.conf as plan rsnapshot. The originals are kept; "hookgate plans disconnect rsnapshot" puts them back.');
    // Plain output off a terminal: no colour escapes in the diff.
    expect(yes.stdout).not.toContain('\x1b[');
    expect(fs.readFileSync(m.conf, 'utf8')).toContain('cmd_preexec\t/usr/local/bin/hookgate');

    const again = await runCli(['plans', 'connect', 'rsnapshot', '--yes'], { env });
    expect(again.stdout).toBe('rsnapshot /etc/rsnapshot.conf is already connected (plan rsnapshot); nothing to change.\n');

    const json = JSON.parse((await runCli(['plans', 'discover', '--json'], { env })).stdout) as { found: { id: string; state: string }[] };
    expect(json.found.find((f) => f.id === 'rsnapshot')!.state).toBe('connected');

    const off = await runCli(['plans', 'disconnect', 'rsnapshot', '--yes'], { env });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toContain('restored byte for byte');
    expect(fs.readFileSync(m.conf, 'utf8')).toBe(CONF);

    const bad = await runCli(['plans', 'connect', 'nas', '--yes'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('hookgate plans connect: no backup "nas" was found on this machine (found: borgmatic, rsnapshot); "hookgate plans discover" lists them\n');
  });

  it('asks on a terminal and applies on "y"', async () => {
    const m = machine();
    const term = pty.spawn(process.execPath, [CLI, 'plans', 'connect', 'borgmatic'], { cwd: ROOT, env: { ...process.env, ...m.env, HOOKGATE_NO_HOST: '1' } as Record<string, string>, cols: 120, rows: 40 });
    let out = '';
    const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    let answered = false;
    term.onData((d) => {
      out += d;
      if (!answered && out.includes('Apply these changes? [y/N]')) {
        answered = true;
        term.write('y\r');
      }
    });
    expect(await exited).toBe(0);
    // On a terminal the diff is coloured.
    expect(out).toContain('\x1b[32m+');
    expect(out).toContain('Connected borgmatic ~/.config/borgmatic/config.yaml as plan borgmatic.');
    expect(fs.readFileSync(m.borg, 'utf8')).toContain('/usr/local/bin/hookgate signal snapshot-start --plan borgmatic');
  });

  it('through a running host: the host makes the change and records the plan', async () => {
    const m = machine();
    const d = await startDaemon(m.env);
    const yes = await runCli(['plans', 'connect', 'rsnapshot', '--yes'], { env: m.env });
    expect(yes.code, yes.stderr).toBe(0);
    await d.waitForLog(/connected rsnapshot \/etc\/rsnapshot\.conf as plan rsnapshot/);
    const shown = await runCli(['plans', 'discover', '--json'], { env: m.env });
    expect((JSON.parse(shown.stdout) as { found: { id: string; state: string }[] }).found.find((f) => f.id === 'rsnapshot')!.state).toBe('connected');
    const off = await runCli(['plans', 'disconnect', 'rsnapshot', '--yes'], { env: m.env });
    expect(off.code, off.stderr).toBe(0);
    expect(fs.readFileSync(m.conf, 'utf8')).toBe(CONF);
  });
});
