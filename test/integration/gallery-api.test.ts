// The gallery through a real daemon, as the tray window uses it: list the ready hooks, add one with
// its settings, and Test it with simulated facts — the caller's own streaming call gets its output.
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { RemoteError } from '../../electron/shared/protocol';
import { hostEnv, startDaemon, stopAll, type HostEnv } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

async function connect(env: HostEnv): Promise<HostClient> {
  return (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'gallery test' }))!;
}

describe('gallery.list and gallery.add', () => {
  it('lists the ready hooks for the host\'s platform or another, adds one with its settings, and Test runs it', async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, []);
    await startDaemon(env);
    const c = await connect(env);
    try {
      const list = await c.call('gallery.list', {});
      expect(list.platform).toBe(process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux');
      expect(list.items.map((i) => i.id)).toEqual(['internet', 'target', 'battery', 'ac', 'unmetered', 'wifi', 'healthchecks', 'notify']);
      const win = await c.call('gallery.list', { platform: 'win32' });
      expect(win.items.every((i) => i.flavour === 'windows' && i.script.startsWith('#!powershell.exe'))).toBe(true);

      const added = await c.call('gallery.add', { id: 'battery', params: { MIN_PERCENT: '30' } });
      expect(added).toMatchObject({ name: 'battery', env: { MIN_PERCENT: '30' }, guard: true, onError: 'ON_ERROR_CANCEL' });
      expect((await c.call('hooks.list', {})).hooks.map((h) => h.id)).toEqual([added.id]);
      // Names are unique: a second one needs a name of its own.
      const twice = await c.call('gallery.add', { id: 'battery' }).catch((e: unknown) => e);
      expect(twice).toBeInstanceOf(RemoteError);
      expect((twice as RemoteError).message).toContain(`a hook named "battery" already exists (${added.id}): choose another name for this one (e.g. "battery-2")`);
      expect((await c.call('gallery.add', { id: 'battery', name: 'battery-2' })).name).toBe('battery-2');
      await c.call('hooks.remove', { id: 'battery-2' });

      const bad = await c.call('gallery.add', { id: 'wifi' }).catch((e: unknown) => e);
      expect(bad).toBeInstanceOf(RemoteError);
      expect((bad as RemoteError).message).toBe('gallery.add: gallery hook "wifi": ALLOWED_SSIDS (Allowed networks) is required');

      const output: string[] = [];
      c.on('output', (ev) => output.push(ev.data));
      const r = await c.call('hooks.test', { hook: added.id, simulate: { batteryPercent: 20, onAC: false } }, { stream: true });
      expect(r).toMatchObject({ decision: 'skip', reason: 'battery at 20 % (below 30 %)' });
      expect(output.join('')).toContain('battery at 20 % (below 30 %)');
      expect((await c.call('history.list', {})).operations).toEqual([]);
    } finally {
      c.close();
    }
  });
});
