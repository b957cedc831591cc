// Issue "Plans": the next expected run where the tool says it — a connected systemd timer's
// OnCalendar= — through the host's plans.list and the CLI without a host.
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { makeTree } from '../helpers/discoveryTree';

afterEach(stopAll);

describe('a plan’s next run', () => {
  it('comes from its systemd timer once connected: in plans.list (host) and hookgate plans --json (no host)', async () => {
    const t = makeTree();
    t.write('~/.config/systemd/user/restic-b2.service', '[Service]\nType=oneshot\nExecStart=/usr/bin/restic -r b2:bucket backup %h/Documents\n');
    t.write('~/.config/systemd/user/restic-b2.timer', '[Timer]\nOnCalendar=*-*-* 03:30:00\nPersistent=true\n');
    const env = { ...hostEnv(), HOOKGATE_DISCOVERY_ROOT: t.root, HOOKGATE_DISCOVERY_HOME: t.home, HOOKGATE_BIN: '/usr/local/bin/hookgate', HOOKGATE_CRONTAB: '' };
    const daemon = await startDaemon(env);
    const c = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
    try {
      const r = await c.call('plans.connect', { id: 'systemd-user-restic-b2', apply: true });
      expect(r.applied).toBe(true);
      // The first answer may not know it yet (the look happens beside it); a later one does.
      const next = await eventually(async () => (await c.call('plans.list', {})).plans.find((p) => p.plan.id === 'systemd-user-restic-b2')?.nextRun, 15_000, 'a next run');
      const at = new Date(next.at);
      expect([at.getHours(), at.getMinutes()]).toEqual([3, 30]);
      expect(at.getTime()).toBeGreaterThan(Date.now());
      expect(at.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600_000);
      expect(next.source).toContain('OnCalendar=*-*-* 03:30:00');
    } finally {
      await c.close();
    }
    daemon.proc.kill('SIGTERM');
    await daemon.exited;
    const out = await runCli(['plans', '--json'], { env });
    expect(out.code, out.stderr).toBe(0);
    const plan = (JSON.parse(out.stdout) as { plan: { id: string }; nextRun: { at: string } | null }[]).find((p) => p.plan.id === 'systemd-user-restic-b2')!;
    expect(new Date(plan.nextRun!.at).getHours()).toBe(3);
  });
});
