// Issue "One engine host": `hookgate run` through a host — the command runs in the CLI's own pty,
// and its output reaches the terminal, every subscriber and the log at the same time.
import { afterEach, describe, expect, it } from 'vitest';
import { HostClient } from '../../electron/cli/hostClient';
import { hookgatePaths } from '../../electron/core/paths';
import { runCli } from '../helpers/cli';
import { eventually, hostEnv, startDaemon, stopAll } from '../helpers/daemon';
import { writeHooks } from '../helpers/hooks';

afterEach(stopAll);

describe('hookgate run through a host', () => {
  it("streams the wrapped command's output to the terminal and to subscribers, and the host keeps its log", async () => {
    const env = hostEnv();
    writeHooks(env.HOOKGATE_HOME, [
      { id: 'gate', conditions: ['CONDITION_SNAPSHOT_START'], script: 'echo "gate open"' },
      { id: 'end', conditions: ['CONDITION_SNAPSHOT_END'], script: 'echo "end: $HOOKGATE_ERROR"' },
    ]);
    const daemon = await startDaemon(env);
    const tray = (await HostClient.connect({ paths: hookgatePaths(env.HOOKGATE_HOME), env: { ...env }, client: 'tray' }))!;
    try {
      await tray.subscribe();
      const seen: { runId: string; data: string }[] = [];
      tray.on('output', (ev) => seen.push(ev));
      const r = await runCli(['run', '--plan', 'home', '--', 'sh', '-c', 'echo "backing up /home"; echo "3 files"; exit 3'], { env: { ...env } });
      expect(r.code, r.stdout + r.stderr).toBe(3);
      // Shown once: the CLI prints its command itself, and the host does not echo it back.
      expect(r.stdout.match(/backing up \/home/g)).toHaveLength(1);
      expect(r.stdout).toContain('gate open');
      expect(r.stdout).toMatch(/end: sh exited 3: 3 files/);

      // The events travel host → tray client while the CLI exits: wait for all of them (an empty list is not "there").
      const cmd = await eventually(() => {
        const events = seen.filter((e) => e.runId.startsWith('cmd-'));
        return events.map((e) => e.data).join('').includes('3 files') ? events : null;
      }, 5000, 'command output events');
      expect(cmd.map((e) => e.data).join('')).toMatch(/backing up \/home\r?\n3 files/);
      const opId = cmd[0]!.runId.slice('cmd-'.length);
      const op = await tray.call('history.get', { operationId: opId });
      expect(op).toMatchObject({ plan: 'home', status: 'error', command: ['sh', '-c', expect.any(String)] });
      const log = await tray.call('history.log', { runId: `cmd-${opId}` });
      expect(log.text).toMatch(/backing up \/home\r?\n3 files/);
      expect(daemon.log()).toMatch(/hookgate run \(pid \d+\)\): CONDITION_SNAPSHOT_END → proceed/);
    } finally {
      tray.close();
    }
  });
});
