// Issue "Find and connect": discovery, connect and disconnect through a real daemon's socket (the
// same API table the web UI's WebSocket and Electron IPC are generated from). The host makes the
// change and records the plan in its config, as the config's one writer.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { RemoteError } from '../../electron/shared/protocol';
import { hostEnv, startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { makeTree } from '../helpers/discoveryTree';

afterEach(stopAll);

const CONF = 'config_version\t1.2\nsnapshot_root\t/srv/snapshots/\nretain\talpha\t6\nbackup\t/home/\tlocalhost/\n';

async function connect(env: HostEnv): Promise<HostClient> {
  return (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'test' }))!;
}

describe('find and connect through the host', () => {
  it('discovers, previews, applies only the previewed change, records the plan, and disconnects byte for byte', async () => {
    const t = makeTree();
    const file = t.write('etc/rsnapshot.conf', CONF);
    const env = { ...hostEnv(), HOOKGATE_DISCOVERY_ROOT: t.root, HOOKGATE_DISCOVERY_HOME: t.home, HOOKGATE_BIN: '/usr/local/bin/hookgate', HOOKGATE_CRONTAB: '' };
    await startDaemon(env);
    const c = await connect(env);
    try {
      const d = await c.call('plans.discover', {});
      expect(d.found).toEqual([expect.objectContaining({ id: 'rsnapshot', tool: 'rsnapshot', state: 'not-connected' })]);

      const preview = await c.call('plans.connect', { id: 'rsnapshot', apply: false });
      expect(preview.applied).toBe(false);
      expect(preview.changes[0]!.diff).toContain('+cmd_preexec\t/usr/local/bin/hookgate signal snapshot-start --plan rsnapshot');
      expect(fs.readFileSync(file, 'utf8')).toBe(CONF);

      // A preview that no longer matches the file is refused with a reason, nothing written.
      const stale = await c.call('plans.connect', { id: 'rsnapshot', apply: true, expect: 'not-the-preview' }).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(RemoteError);
      expect((stale as RemoteError).message).toMatch(/changed since the preview/);
      expect(fs.readFileSync(file, 'utf8')).toBe(CONF);

      const done = await c.call('plans.connect', { id: 'rsnapshot', apply: true, expect: preview.changesSha256 });
      expect(done).toMatchObject({ applied: true, plan: { state: 'connected' } });
      const saved = JSON.parse(fs.readFileSync(path.join(env.HOOKGATE_HOME, 'config.json'), 'utf8')) as { plans: { id: string; tool: string; connection: { files: { path: string; backupPath: string }[] } }[] };
      const plan = saved.plans.find((p) => p.id === 'rsnapshot')!;
      expect(plan.tool).toBe('rsnapshot');
      expect(plan.connection.files.map((f) => f.path)).toEqual([file]);
      expect(fs.readFileSync(plan.connection.files[0]!.backupPath, 'utf8')).toBe(CONF);
      expect((await c.call('plans.discover', {})).found[0]).toMatchObject({ state: 'connected' });

      const off = await c.call('plans.disconnect', { id: 'rsnapshot', apply: true });
      expect(off.notes.join(' ')).toMatch(/restored byte for byte/);
      expect(fs.readFileSync(file, 'utf8')).toBe(CONF);

      const unknown = await c.call('plans.connect', { id: 'nas', apply: false }).catch((e: unknown) => e);
      expect((unknown as RemoteError).message).toMatch(/no backup "nas" was found on this machine/);
    } finally {
      c.close();
    }
  });
});
