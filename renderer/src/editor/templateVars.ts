// The variables and methods a hook's template sees, each with what it means — for the script
// editor's completion. The host's template engine (electron/core/template/hookvars.ts) is what
// defines them; this is the user-facing list of the same names.

export interface TemplateVar {
  /** As written after `{{`: `.Plan.Id`, `.ShellEscape`. */
  name: string;
  /** One line on what it holds. */
  info: string;
  kind: 'field' | 'method';
}

export const TEMPLATE_VARS: TemplateVar[] = [
  { name: '.Task', kind: 'field', info: 'the task name the backup tool gave (--task)' },
  { name: '.Event', kind: 'field', info: 'the condition that fired, e.g. CONDITION_SNAPSHOT_START' },
  { name: '.Repo.Id', kind: 'field', info: 'the repository id (--repo), e.g. nas' },
  { name: '.Plan.Id', kind: 'field', info: 'the plan id (--plan), e.g. laptop' },
  { name: '.Plan.Paths', kind: 'field', info: 'the paths the backup covers (a list)' },
  { name: '.SnapshotId', kind: 'field', info: 'the snapshot made (after a backup; empty before)' },
  { name: '.SnapshotStats.DataAdded', kind: 'field', info: 'bytes the backup added to the repository' },
  { name: '.SnapshotStats.FilesNew', kind: 'field', info: 'files new in this backup' },
  { name: '.SnapshotStats.FilesChanged', kind: 'field', info: 'files changed since the last backup' },
  { name: '.SnapshotStats.TotalFilesProcessed', kind: 'field', info: 'files the backup looked at' },
  { name: '.SnapshotStats.TotalBytesProcessed', kind: 'field', info: 'bytes the backup looked at' },
  { name: '.CurTime', kind: 'field', info: 'the time the event fired' },
  { name: '.Duration', kind: 'field', info: 'how long the operation ran (after it ended)' },
  { name: '.Error', kind: 'field', info: 'what went wrong (empty when nothing did); escape it in shell scripts' },
  { name: '.System.Battery.Percent', kind: 'field', info: 'battery charge 0–100, or nil when unknown' },
  { name: '.System.Battery.Charging', kind: 'field', info: 'whether the battery is charging (nil when unknown)' },
  { name: '.System.Battery.Present', kind: 'field', info: 'whether the machine has a battery (nil when unknown)' },
  { name: '.System.OnAC', kind: 'field', info: 'on mains power (nil when unknown)' },
  { name: '.System.Online', kind: 'field', info: 'the network is up (nil when unknown)' },
  { name: '.System.Metered', kind: 'field', info: 'the connection is metered (nil when unknown)' },
  { name: '.System.WifiSSID', kind: 'field', info: 'the Wi-Fi network name (nil when unknown or wired)' },
  { name: '.System.Hostname', kind: 'field', info: "this machine's name" },
  { name: '.Attempt', kind: 'field', info: 'which evaluation of the gate this is (1 the first; more after retries)' },
  { name: '.Trigger', kind: 'field', info: 'manual, scheduled or unknown' },
  { name: '.Decision', kind: 'field', info: 'the gate’s decision, on events after START (proceed, skip, fail)' },
  { name: '.Operation.Id', kind: 'field', info: "Hookgate's id of this backup run" },
  { name: '.Operation.Kind', kind: 'field', info: 'snapshot, prune, check or forget' },
  { name: '.Operation.Command', kind: 'field', info: 'the wrapped command of hookgate run (a list)' },
  { name: '.EventName', kind: 'method', info: '.EventName .Event — the condition in words' },
  { name: '.FormatTime', kind: 'method', info: '.FormatTime .CurTime — a time as text' },
  { name: '.FormatDuration', kind: 'method', info: '.FormatDuration .Duration — a duration as text' },
  { name: '.FormatSizeBytes', kind: 'method', info: '.FormatSizeBytes .SnapshotStats.DataAdded — "1.234 MB"' },
  { name: '.IsError', kind: 'method', info: '.IsError .Event — whether the event is an error' },
  { name: '.ShellEscape', kind: 'method', info: '.ShellEscape .Error — quoted for a shell: use it for outside text' },
  { name: '.JsonMarshal', kind: 'method', info: '.JsonMarshal .SnapshotStats — as JSON' },
  { name: '.Summary', kind: 'method', info: 'a one-paragraph summary of the event' },
];

export const TEMPLATE_KEYWORDS = ['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue', 'nil', 'true', 'false'];
export const TEMPLATE_FUNCS = ['and', 'or', 'not', 'len', 'index', 'slice', 'print', 'printf', 'println', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'html', 'js', 'urlquery', 'call'];
