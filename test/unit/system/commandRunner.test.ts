import { describe, expect, it } from 'vitest';
import { CommandError, execFileRunner } from '../../../electron/core/system';
import { untranslatedEnv } from '../../../electron/core/system/commandRunner';

describe('execFileRunner (real processes)', () => {
  it('resolves with standard output', async () => {
    expect(await execFileRunner('sh', ['-c', 'printf "a b"'])).toBe('a b');
  });

  it('passes arguments without a shell', async () => {
    expect(await execFileRunner('printf', ['%s', '$(echo no); `x`'])).toBe('$(echo no); `x`');
  });

  it('reports a missing command as "missing"', async () => {
    const err = await execFileRunner('hookgate-no-such-tool', ['-x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ failure: 'missing', message: 'hookgate-no-such-tool -x: not found' });
  });

  it('kills a command at its timeout and says so', async () => {
    const t0 = performance.now();
    const err = await execFileRunner('sleep', ['5'], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(err).toMatchObject({ failure: 'timeout', message: 'sleep 5: timed out after 100 ms' });
  });

  it('reports a non-zero exit with its status, output and first line of stderr', async () => {
    const err = await execFileRunner('sh', ['-c', 'echo out; echo "Error: NetworkManager is not running." >&2; exit 8']).catch((e: unknown) => e);
    expect(err).toMatchObject({
      failure: 'exit',
      exitCode: 8,
      stdout: 'out\n',
      message: 'sh -c "echo out; echo \\"Error: NetworkManager is not running.\\" >&2; exit 8": exited 8: Error: NetworkManager is not running.',
    });
  });
});

describe('untranslatedEnv', () => {
  it('asks for English messages but keeps the character set', () => {
    expect(untranslatedEnv({ LC_ALL: 'de_DE.UTF-8', LANGUAGE: 'de', PATH: '/bin' })).toEqual({
      LC_CTYPE: 'de_DE.UTF-8',
      LC_MESSAGES: 'C',
      LANGUAGE: '',
      PATH: '/bin',
    });
    expect(untranslatedEnv({ LANG: 'fr_FR.UTF-8' })).toEqual({ LANG: 'fr_FR.UTF-8', LC_CTYPE: 'fr_FR.UTF-8', LC_MESSAGES: 'C', LANGUAGE: '' });
  });
});
