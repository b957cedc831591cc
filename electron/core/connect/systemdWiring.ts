// systemd: a drop-in `<unit>.d/hookgate.conf` next to the user's unit (the unit file itself is not
// touched). ExecCondition= asks Hookgate first — systemd's codes: 0 runs, 1–254 skips the run
// without failing the unit, 255 fails it — and ExecStopPost= reports how the run ended from
// $SERVICE_RESULT / $EXIT_CODE / $EXIT_STATUS.
import { safeCommandPath } from './safePath';

export function systemdDropIn(bin: string, id: string, unit: string): string {
  const b = safeCommandPath(bin, 'a systemd unit');
  // `$$` is a literal `$` for systemd (the shell expands the variables, not systemd).
  const report =
    `case "$$SERVICE_RESULT" in ` +
    `success) exec ${b} signal snapshot-success --plan ${id} ;; ` +
    // Skipped by the condition: Hookgate recorded the skip already. 255 is Hookgate's own "fail" answer, recorded too.
    `exec-condition) ;; ` +
    `*) [ "$$EXIT_CODE" = exited ] && [ "$$EXIT_STATUS" = 255 ] && exit 0; ` +
    `exec ${b} signal snapshot-error --plan ${id} --error "${unit} ended: $$SERVICE_RESULT ($$EXIT_CODE $$EXIT_STATUS)" ;; esac`;
  return [
    `# Added by Hookgate for plan ${id}: "hookgate plans disconnect ${id}" removes this file.`,
    '# ExecCondition= asks Hookgate\'s hooks first (exit 1 skips this run, 255 fails it);',
    '# ExecStopPost= tells Hookgate how the run ended.',
    '[Service]',
    `ExecCondition=${b} signal snapshot-start --plan ${id} --exit-codes systemd`,
    `ExecStopPost=-/bin/sh -c '${report}'`,
    '',
  ].join('\n');
}
