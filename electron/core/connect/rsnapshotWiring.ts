// rsnapshot: cmd_preexec asks Hookgate first, cmd_postexec reports the end. rsnapshot has one of
// each: a command the user already has is chained on the same line (a preexec of theirs runs
// first, then Hookgate's gate; Hookgate's report runs before a postexec of theirs).
// rsnapshot treats a failing preexec as an error — a skip is reported by rsnapshot as an error
// (exit 1). rsnapshot runs no postexec after a run it stops on an error (bail), but does after one
// where rsync failed for a backup point (exit 1 "completed, but with some errors"): the postexec
// cannot see that exit status, so it passes the config, and the END reads the run's ERROR and
// WARNING lines from the logfile it sets (core/plans/rsnapshotOutcome.ts). An older Hookgate wrote
// `signal snapshot-success` there: still recognised as ours here, and read the same way.
import { plainPath, safeCommandPath, WiringError } from './safePath';

const RSNAPSHOT_COMMENT = '# Added by Hookgate: "hookgate plans disconnect ID" takes these lines out again.';

function ours(bin: string, id: string, config: string) {
  return {
    pre: `${bin} signal snapshot-start --plan ${id}`,
    post: `${bin} signal snapshot-end --plan ${id} --rsnapshot-config ${config}`,
    olderPost: `${bin} signal snapshot-success --plan ${id}`,
  };
}

/** Our report at the start of a cmd_postexec value: its length, or 0 when it is not there. */
function ourPost(value: string, o: ReturnType<typeof ours>): number {
  for (const post of [o.post, o.olderPost]) if (value === post || value.startsWith(`${post}; `)) return post.length;
  return 0;
}

/** `config` is the file itself: the END reads its logfile (rsnapshot runs commands through a shell, so it must be plain). */
export function wireRsnapshot(text: string, bin: string, id: string, config: string): string {
  const b = safeCommandPath(bin, "rsnapshot's config");
  if (!plainPath(config)) throw new WiringError(`${config}: its path has characters rsnapshot's cmd_postexec cannot carry safely (spaces, quotes, % or $); Hookgate's report names this file there`);
  const o = ours(b, id, config);
  const lines = text.split('\n');
  let pre = false;
  let post = false;
  const out = lines.map((line) => {
    const m = /^(cmd_preexec|cmd_postexec)\t(.*)$/.exec(line);
    if (!m) return line;
    const [, key, value] = m;
    if (key === 'cmd_preexec') {
      pre = true;
      if (value!.startsWith(o.pre) || value!.endsWith(` && exec ${o.pre}`)) return line;
      // The user's command first, then hookgate exec'd in its place: its caller is then rsnapshot
      // itself (watched until the run ends), not a shell that exits as soon as the gate answers.
      return `cmd_preexec\t${value} && exec ${o.pre}`;
    }
    post = true;
    if (ourPost(value!, o)) return line;
    // Hookgate's report first (it is the first word rsnapshot checks), then the user's command.
    return `cmd_postexec\t${o.post}; ${value}`;
  });
  const add: string[] = [];
  if (!pre) add.push(`cmd_preexec\t${o.pre}`);
  if (!post) add.push(`cmd_postexec\t${o.post}`);
  if (!add.length) return out.join('\n');
  let body = out.join('\n');
  if (body && !body.endsWith('\n')) body += '\n';
  return `${body}${RSNAPSHOT_COMMENT.replace('ID', id)}\n${add.join('\n')}\n`;
}

export function unwireRsnapshot(text: string, bin: string, id: string, config: string): string | null {
  const o = ours(bin, id, config);
  let changed = false;
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === RSNAPSHOT_COMMENT.replace('ID', id)) {
      changed = true;
      continue;
    }
    const m = /^(cmd_preexec|cmd_postexec)\t(.*)$/.exec(line);
    if (m && m[1] === 'cmd_preexec' && m[2]!.endsWith(` && exec ${o.pre}`)) {
      changed = true;
      out.push(`cmd_preexec\t${m[2]!.slice(0, -` && exec ${o.pre}`.length)}`);
      continue;
    }
    const mine = !m ? 0 : m[1] === 'cmd_preexec' ? (m[2]!.startsWith(o.pre) ? o.pre.length : 0) : ourPost(m[2]!, o);
    if (m && mine) {
      changed = true;
      const rest = m[2]!.slice(mine).replace(/^( && |; )/, '');
      if (rest) out.push(`${m[1]}\t${rest}`);
      continue;
    }
    out.push(line);
  }
  return changed ? out.join('\n') : null;
}
