// The process layer: hook scripts and backup commands in real ptys, with timeouts, cancel,
// process-group kills, capped logs and the reason a hook gives.
export { PtyProcess, SpawnError, DEFAULT_KILL_GRACE_MS, type PtyProcessOptions, type PtyExit } from './ptyProcess';
export { splitShebang, type ShebangSplit } from './shebang';
export { runHookProcess, OUTPUT_TAIL_BYTES, type HookProcessOptions, type HookProcessResult } from './hookProcess';
export { CappedLog, type CappedLogResult } from './cappedLog';
export { DataBatcher, type DataBatcherOptions } from './dataBatcher';
export { stripTerminalEscapes, reasonFromOutput, REASON_MAX_CHARS } from './reason';
export { resolveExecutable, type ExecutableLookup } from './executable';
export type { StopSignal } from './processGroup';
export { ptyLoadProblem, PtyUnavailableError } from './ptyModule';
