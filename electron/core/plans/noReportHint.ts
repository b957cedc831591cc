// Why a run ended with no report, where the tool is known to say nothing then. rsnapshot runs its
// cmd_postexec (Hookgate's report) only when it gets to the end of a run: one it stops on an error
// (a lock, a failed rotation, a signal) runs no command at all, and reaches Hookgate only as its
// process exiting. The reason says so, and where rsnapshot wrote what went wrong.
import type { OperationCaller, Plan } from '../../shared/plans';
import { rsnapshotLogging } from '../discovery/rsnapshotConf';
import { rsnapshotConfigFlag } from './rsnapshotOutcome';

/** What to add to "… exited without reporting the end"; null for a tool with nothing to add. */
export async function noReportHint(plan: Plan | undefined, caller: OperationCaller): Promise<string | null> {
  if (plan?.tool !== 'rsnapshot' && !/(^|[\s/])rsnapshot(\s|$)/.test(caller.command)) return null;
  // The config it ran with: `-c FILE` on its command line, else the one the plan was found in.
  const config = rsnapshotConfigFlag(caller.command) ?? (plan?.tool === 'rsnapshot' ? (plan.source?.path ?? null) : null);
  const logging = config ? await rsnapshotLogging(config) : null;
  const where = !logging
    ? `its log (the logfile set in ${config ?? 'its rsnapshot.conf'})`
    : logging.logfile
      ? `its log ${logging.logfile}`
      : logging.syslog
        ? `the system log (no logfile is set in ${config})`
        : `the output of what ran it, such as cron's mail (no logfile is set in ${config})`;
  return `rsnapshot runs no command when it stops on an error; see ${where}`;
}
