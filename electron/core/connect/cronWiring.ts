// cron: the line's command wrapped in `hookgate run --plan ID -- …`, so the START gate, the run and
// its end all reach Hookgate. A command with shell operators (;, &&, |) is wrapped whole in
// `sh -c '…'`; its trailing redirections stay outside, so the log it wrote keeps being written.
import { parseCronLine, unwrappedCommand } from '../discovery/crontabs';
import { safeCommandPath } from './safePath';
import { shellQuote } from './shellWords';

const TRAILING_REDIRECTS = /((?:\s+(?:\d?>>?|&>>?|\d?<)\s*(?:&\d|[^\s;&|]+))*)\s*$/;

export function wrapCronCommand(command: string, bin: string, id: string): string {
  const b = safeCommandPath(bin, 'a crontab line');
  const m = TRAILING_REDIRECTS.exec(command)!;
  const core = command.slice(0, m.index).trim();
  const redirects = m[1] ?? '';
  const compound = /[;&|]|^\s*[({]|^\s*(cd|if|for|while|case|exec)\s/.test(core);
  return `${b} run --plan ${id} -- ${compound ? `sh -c ${shellQuote(core)}` : core}${redirects}`;
}

/** The crontab text with the line(s) of plan `id` wrapped (unchanged when they are already). */
export function wireCrontab(text: string, withUser: boolean, bin: string, id: string, matches: (command: string) => boolean): string {
  return text
    .split('\n')
    .map((line, i) => {
      const c = parseCronLine(line, i, withUser);
      if (!c) return line;
      const { command, plan } = unwrappedCommand(c.command);
      if (plan !== null || !matches(command)) return line;
      return line.slice(0, c.commandStart) + wrapCronCommand(c.command, bin, id);
    })
    .join('\n');
}

/** The wrapped line(s) of plan `id` put back to the command they wrap; null when there are none. */
export function unwireCrontab(text: string, withUser: boolean, id: string): string | null {
  let changed = false;
  const out = text
    .split('\n')
    .map((line, i) => {
      const c = parseCronLine(line, i, withUser);
      if (!c) return line;
      const { command, plan } = unwrappedCommand(c.command);
      if (plan !== id) return line;
      changed = true;
      return line.slice(0, c.commandStart) + command;
    })
    .join('\n');
  return changed ? out : null;
}
