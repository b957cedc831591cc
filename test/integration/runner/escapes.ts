// The ways a hook's child leaves its process group, shared by the containment tests of each way of
// finding a run's processes (/proc, ps). Survivors are looked up in /proc with plain reads here, not
// through the runner's procInfo, so a test that takes /proc away from the runner still sees them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export const MARK_VAR = 'HOOKGATE_TEST_MARK';

export interface Survivor {
  pid: number;
  cmd: string;
}

/** Live processes carrying the test's mark, in their environment or (for those that cleared it) on their command line. */
export function survivors(mark: string): Survivor[] {
  const found: Survivor[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'latin1');
      const state = stat[stat.lastIndexOf(')') + 2];
      if (state === 'Z' || state === 'X') continue;
      const env = fs.readFileSync(`/proc/${name}/environ`, 'latin1');
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
      if (env.includes(`${MARK_VAR}=${mark}`) || cmd.includes(mark)) found.push({ pid: Number(name), cmd });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export function killSurvivors(mark: string): void {
  for (const p of survivors(mark)) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export const has = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface Escape {
  name: string;
  needs: string;
  start: string;
  /** Found only through the hook's session or its tree: neither cookie nor process group leads to it. */
  noCookie?: boolean;
}

/**
 * Each escape starts a process that leaves the hook's process group, ignores SIGHUP (so the pty's
 * hangup does not end it) and touches $READY once it has left; the hook waits for that.
 */
export const ESCAPES: Escape[] = [
  { name: 'coreutils timeout (own process group)', needs: 'timeout', start: `timeout 600 sh -c 'trap "" HUP; touch "$READY"; exec sleep 600' &` },
  { name: 'set -m (job control: a group per job)', needs: 'bash', start: `set -m\n(trap '' HUP; touch "$READY"; exec sleep 600) &\nset +m` },
  { name: 'setpgid via python3', needs: 'python3', start: `python3 -c 'import os, signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.setpgid(0, 0); open(os.environ["READY"], "w").close(); time.sleep(600)' &` },
  { name: 'setpgid via perl', needs: 'perl', start: `perl -e '$SIG{HUP} = "IGNORE"; setpgrp(0, 0); open(my $f, ">", $ENV{READY}); close $f; sleep 600' &` },
  { name: 'setsid nohup (new session)', needs: 'setsid', start: `setsid nohup sh -c 'touch "$READY"; exec sleep 600' >/dev/null 2>&1 &` },
  {
    name: 'env -i and setpgid (no cookie, same session)',
    needs: 'python3',
    start: `env -i READY="$READY" python3 -c 'import os, signal, time; signal.signal(signal.SIGHUP, signal.SIG_IGN); os.setpgid(0, 0); open(os.environ["READY"], "w").close(); time.sleep(600)' MARK &`,
    noCookie: true,
  },
];

/** A hook that starts `start`, waits until the escape has left the group, says so, then does `then`. */
export function hookScript(start: string, then: string, mark: string): string {
  return `#!/bin/bash\nREADY="$(mktemp -u)"; export READY\n${start.replaceAll('MARK', mark)}\nwhile [ ! -e "$READY" ]; do sleep 0.01; done\nrm -f "$READY"\necho "escaped: $!"\n${then}\n`;
}
