// The one place the engine asks for system facts. Reads are quick (every source in parallel,
// each command ≤ 800 ms, the whole read bounded by a budget under a second), cached briefly,
// shared between concurrent callers, and announced as 'change' events when a fact moves.
import { UNKNOWN_FACTS, type SimulatedFacts, type SystemFacts } from '../../shared/systemFacts';
import { COMMAND_TIMEOUT_MS, execFileRunner, type CommandRunner } from './commandRunner';
import { changedFacts } from './factsChange';
import type { FactKey, FactsPatch, FactSource, PatchKey, SourceContext } from './factSource';
import { platformSources, type PlatformSourceOptions } from './platformSources';

export type FactsChangeListener = (facts: SystemFacts, previous: SystemFacts, changedKeys: FactKey[]) => void;

export interface SystemFactsProviderOptions extends PlatformSourceOptions {
  /** Which platform's sources to use (default: process.platform). */
  platform?: NodeJS.Platform;
  /** Runs the OS commands (default: execFile). Tests pass recorded outputs through this. */
  run?: CommandRunner;
  /** Replaces the platform's sources altogether. */
  sources?: FactSource[];
  /** Where failing sources are reported, once per failure (default: nowhere). */
  logger?: (msg: string) => void;
  /** How long a reading is served from cache (default 5000 ms). */
  cacheMs?: number;
  /** Re-read every pollMs and emit changes (default 0: off; hosts use e.g. 30 s). */
  pollMs?: number;
  /** Limit for one command (default and maximum 800 ms). */
  commandTimeoutMs?: number;
  /** Limit for a whole read; a source not done by then is unknown for this read (default 950 ms). */
  readBudgetMs?: number;
  /** After notify(), how long its values win over sources that may not have caught up (default 2000 ms). */
  notifyHoldMs?: number;
  /** Monotonic milliseconds (tests). */
  now?: () => number;
}

const DEFAULT_CACHE_MS = 5000;
const DEFAULT_READ_BUDGET_MS = 950;
const DEFAULT_NOTIFY_HOLD_MS = 2000;

/** Shared-type keys of notify() → the flat keys sources use. */
const NOTIFY_KEYS: Record<keyof SimulatedFacts, PatchKey> = {
  batteryPercent: 'batteryPercent',
  charging: 'batteryCharging',
  onAC: 'onAC',
  online: 'online',
  metered: 'metered',
  wifiSSID: 'wifiSSID',
  hostname: 'hostname',
};

const FAILED = '\0failed';

class ReadDeadlineError extends Error {}

export class SystemFactsProvider {
  private readonly sources: FactSource[];
  private readonly run: CommandRunner;
  private readonly log: (msg: string) => void;
  private readonly cacheMs: number;
  private readonly commandTimeoutMs: number;
  private readonly readBudgetMs: number;
  private readonly notifyHoldMs: number;
  private readonly now: () => number;

  private facts: SystemFacts = UNKNOWN_FACTS;
  /** False until the first reading or notify(): the first reading sets the baseline without an event. */
  private hasBaseline = false;
  private readAt = -Infinity;
  private inFlight: Promise<SystemFacts> | null = null;
  /** Values from notify() and until when they outrank the sources. */
  private readonly held = new Map<PatchKey, { value: FactsPatch[PatchKey]; until: number }>();
  /** Per source, the problems already logged; forgotten when a read no longer reports them. */
  private readonly logged = new Map<string, Set<string>>();
  private readonly listeners = new Set<FactsChangeListener>();
  private readonly deadlines = new Set<{ timer: NodeJS.Timeout; reject: (e: Error) => void }>();
  private pollTimer: NodeJS.Timeout | null = null;

  constructor(opts: SystemFactsProviderOptions = {}) {
    this.sources = opts.sources ?? platformSources(opts.platform ?? process.platform, opts);
    this.run = opts.run ?? execFileRunner;
    this.log = opts.logger ?? (() => {});
    this.cacheMs = opts.cacheMs ?? DEFAULT_CACHE_MS;
    this.commandTimeoutMs = Math.min(opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS, COMMAND_TIMEOUT_MS);
    this.readBudgetMs = opts.readBudgetMs ?? DEFAULT_READ_BUDGET_MS;
    this.notifyHoldMs = opts.notifyHoldMs ?? DEFAULT_NOTIFY_HOLD_MS;
    this.now = opts.now ?? (() => performance.now());
    if (opts.pollMs && opts.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.refresh(), opts.pollMs);
      // Polling must never keep a CLI process alive.
      this.pollTimer.unref();
    }
  }

  /** The current facts: from cache when read in the last few seconds, else a fresh read. */
  get(): Promise<SystemFacts> {
    if (this.inFlight) return this.inFlight;
    if (this.now() - this.readAt < this.cacheMs) return Promise.resolve(this.facts);
    return this.refresh();
  }

  /** Reads every source now (joining a read already under way) and emits 'change' if a fact moved. */
  refresh(): Promise<SystemFacts> {
    if (this.inFlight) return this.inFlight;
    const read = this.readAll().finally(() => {
      if (this.inFlight === read) this.inFlight = null;
    });
    this.inFlight = read;
    return read;
  }

  /**
   * Facts the host learned from the OS itself (Electron's powerMonitor 'on-ac' / 'on-battery'):
   * applied at once, emitted as a change, and the cache is dropped so the next get() reads the rest.
   */
  notify(partial: SimulatedFacts): void {
    const patch: FactsPatch = {};
    const until = this.now() + this.notifyHoldMs;
    for (const [k, v] of Object.entries(partial) as [keyof SimulatedFacts, SimulatedFacts[keyof SimulatedFacts]][]) {
      const key = NOTIFY_KEYS[k];
      if (key === undefined || v === undefined) continue;
      (patch as Record<string, unknown>)[key] = v;
      this.held.set(key, { value: v, until });
    }
    this.readAt = -Infinity;
    this.apply(mergePatch(this.facts, patch));
  }

  on(event: 'change', listener: FactsChangeListener): () => void {
    if (event !== 'change') throw new Error(`SystemFactsProvider: unknown event "${String(event)}"`);
    this.listeners.add(listener);
    return () => this.off(event, listener);
  }

  off(_event: 'change', listener: FactsChangeListener): void {
    this.listeners.delete(listener);
  }

  /** Stops polling and any read's deadline timer; the provider still answers get() afterwards. */
  close(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    for (const d of this.deadlines) {
      clearTimeout(d.timer);
      d.reject(new ReadDeadlineError('provider closed'));
    }
    this.deadlines.clear();
  }

  private async readAll(): Promise<SystemFacts> {
    const started = this.now();
    const deadline = started + this.readBudgetMs;
    const patches = await Promise.all(this.sources.map((s) => this.readSource(s, deadline)));
    let patch: FactsPatch = Object.assign({}, ...patches);
    patch = this.keepHeld(patch, started);
    const next = mergePatch(UNKNOWN_FACTS, patch);
    this.readAt = this.now();
    this.apply(next);
    return this.facts;
  }

  private async readSource(source: FactSource, deadline: number): Promise<FactsPatch> {
    const problems: string[] = [];
    const ctx: SourceContext = {
      run: (file, args, options) =>
        this.run(file, args, {
          ...options,
          timeoutMs: Math.max(1, Math.min(options?.timeoutMs ?? this.commandTimeoutMs, this.commandTimeoutMs, deadline - this.now())),
        }),
      problem: (msg) => problems.push(msg),
    };
    const out: FactsPatch = {};
    let failure: string | null = null;
    try {
      const got = await this.withDeadline(source.read(ctx), deadline - this.now(), source.name);
      for (const k of source.provides) (out as Record<string, unknown>)[k] = got[k] ?? null;
    } catch (err) {
      for (const k of source.provides) (out as Record<string, unknown>)[k] = null;
      failure = (err as Error).message;
    }
    this.report(source, problems, failure);
    return out;
  }

  private withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry = {
        timer: setTimeout(() => {
          // The source may never settle (a hung injected runner): forget it here, not in finally.
          this.deadlines.delete(entry);
          reject(new ReadDeadlineError(`no answer within ${this.readBudgetMs} ms`));
        }, Math.max(0, ms)),
        reject,
      };
      entry.timer.unref();
      this.deadlines.add(entry);
      p.then(resolve, (err: unknown) => reject(err instanceof Error ? err : new Error(`${what}: ${String(err)}`))).finally(() => {
        clearTimeout(entry.timer);
        this.deadlines.delete(entry);
      });
    });
  }

  /** Logs what is new since the last read of this source, once; a recovered source says so. */
  private report(source: FactSource, problems: string[], failure: string | null): void {
    const before = this.logged.get(source.name) ?? new Set<string>();
    const now = new Set(problems);
    if (failure !== null) now.add(FAILED);
    const unknown = source.provides.map(patchKeyName).join(', ');
    if (failure !== null && !before.has(FAILED)) this.log(`system facts: ${source.name} failed, ${unknown} unknown: ${failure}`);
    if (failure === null && before.has(FAILED)) this.log(`system facts: ${source.name} works again`);
    for (const p of problems) if (!before.has(p)) this.log(`system facts: ${source.name}: ${p}`);
    this.logged.set(source.name, now);
  }

  private keepHeld(patch: FactsPatch, readStarted: number): FactsPatch {
    const out: Record<string, unknown> = { ...patch };
    for (const [key, h] of this.held) {
      if (readStarted < h.until) out[key] = h.value;
      else this.held.delete(key);
    }
    return out as FactsPatch;
  }

  private apply(next: SystemFacts): void {
    const previous = this.facts;
    const changed = changedFacts(previous, next);
    const hadBaseline = this.hasBaseline;
    this.hasBaseline = true;
    if (changed.length === 0) return;
    this.facts = next;
    if (!hadBaseline) return;
    for (const l of [...this.listeners]) {
      try {
        l(next, previous, changed);
      } catch (err) {
        this.log(`system facts: a change listener threw: ${(err as Error).message}`);
      }
    }
  }
}

function patchKeyName(k: PatchKey): string {
  return k.replace(/^battery(\w)/, (_, c: string) => `battery.${c.toLowerCase()}`);
}

/** `facts` with `patch` put over it; returns a new, frozen object. */
function mergePatch(facts: SystemFacts, patch: FactsPatch): SystemFacts {
  const pick = <K extends PatchKey>(k: K, current: NonNullable<FactsPatch[K]> | null) => (patch[k] === undefined ? current : (patch[k] ?? null));
  return Object.freeze({
    battery: Object.freeze({
      percent: pick('batteryPercent', facts.battery.percent),
      charging: pick('batteryCharging', facts.battery.charging),
      present: pick('batteryPresent', facts.battery.present),
    }),
    onAC: pick('onAC', facts.onAC),
    online: pick('online', facts.online),
    metered: pick('metered', facts.metered),
    wifiSSID: pick('wifiSSID', facts.wifiSSID),
    hostname: pick('hostname', facts.hostname),
  }) as SystemFacts;
}
