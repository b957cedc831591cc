// Vorta: the profile's pre- and post-backup commands (its "Shell Commands"). Vorta runs them in a
// shell; a non-zero pre-backup command stops the backup, and the post-backup command sees borg's
// exit status as $returncode.
import { shellQuote } from './shellWords';

function vortaCommands(bin: string, id: string): { pre: string; post: string } {
  const b = shellQuote(bin);
  return {
    pre: `${b} signal snapshot-start --plan ${id}`,
    post: `if [ "$returncode" = 0 ]; then ${b} signal snapshot-success --plan ${id}; else ${b} signal snapshot-error --plan ${id} --error "Vorta: borg exited $returncode"; fi`,
  };
}

export function vortaPasteText(bin: string, id: string, profile: string): string {
  const c = vortaCommands(bin, id);
  return `In Vorta, profile "${profile}" → Schedule → Shell Commands:\n\nPre-backup command:\n${c.pre}\n\nPost-backup command:\n${c.post}`;
}
