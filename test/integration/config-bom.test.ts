// Issue "Containment", item 6: a UTF-8 BOM in config.json (Notepad writes one) is accepted, and kept
// when the CLI saves. The real CLI, no host.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli';
import { writeHooks } from '../helpers/hooks';

describe('config.json with a UTF-8 BOM', () => {
  it('is accepted (the hooks run, no problem said), and the BOM is kept when the CLI saves', async () => {
    const home = tempHome();
    const env = { HOOKGATE_HOME: home, HOOKGATE_NO_HOST: '1' };
    writeHooks(home, [{ id: 'battery', name: 'battery', conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', script: 'echo "battery at 15 %"; exit 1' }]);
    const file = path.join(home, 'config.json');
    fs.writeFileSync(file, '\ufeff' + fs.readFileSync(file, 'utf8'));
    const r = await runCli(['signal', 'snapshot-start'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(75);
    expect(r.stderr).toBe('');
    expect((await runCli(['hooks', 'disable', 'battery'], { env })).code).toBe(0);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(JSON.parse(text.slice(1)).hooks[0].enabled).toBe(false);
    expect(fs.readdirSync(home).filter((n) => n.includes('.invalid-'))).toEqual([]);
  });
});
