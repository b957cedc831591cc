// A rendered hook script is written as the bytes Go's text/template writes: a template that cuts a
// character gives the script that lone byte (as Backrest's would), not U+FFFD. The real CLI.
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

describe('hook scripts: the template\'s exact bytes', () => {
  it('a cut character reaches the script file, and the hook, as its one byte', async () => {
    const home = tempHome();
    // `slice "é" 0 1` is the byte 0xc3 in Go; the hook prints what its own file holds there.
    const script = '#!/bin/sh\nx=\'{{ printf "%s" (slice "é" 0 1) }}\'\nprintf "%s" "$x" | od -An -tx1\nsed -n 2p "$0" | od -An -tx1\n';
    writeHooks(home, [{ id: 'bytes', name: 'bytes', conditions: ['CONDITION_SNAPSHOT_START'], script }]);
    const r = await runCli(['signal', 'snapshot-start', '--plan', 'laptop'], { env: { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const [seen, line] = r.stdout.split(/\r?\n/).map((l) => l.trim()).filter((l) => /^[0-9a-f]{2}( |$)/.test(l));
    expect(seen).toBe('c3');
    // x='<0xc3>'\n
    expect(line).toBe('78 3d 27 c3 27 0a');
  });
});
