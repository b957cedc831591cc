// The one host of the engine, used unchanged by the Electron main process and `hookgate daemon`:
// opens the engine with live system facts, answers every method of the API table (validated
// against its schema), fans the engine's events out to subscribers, keeps the hold in the config
// (so it survives a restart), and stops cleanly.
import { API_METHODS, isApiMethod, type AppSettingsView, type AppSettingsViewPatch, type ApiEvent, type ApiMethod, type ApiParams, type ApiResponse, type HostInfo, type WaitingGate } from '../../shared/api';
import type { Hold } from '../../shared/config';
import { addHook, describeIssue, editHook, findHook, importBackrest, moveHook, removeHook, setHookEnabled, type NewHookInput } from '../config';
import { Engine } from '../engine/engine';
import { ConnectError, PlanConnector, WiringError } from '../connect';
import { discoveryOptions } from '../discovery';
import { GalleryError, galleryItems, galleryPlatform, hookFromGallery } from '../gallery';
import type { HookgatePaths } from '../paths';
import { SystemFactsProvider } from '../system';
import { cgroupFallbackNote, setCgroupLog } from '../runner/cgroup';
import { checkTemplate } from '../template';
import { isShellScript, lintHookScript } from '../template/lint';
import { previewHookScript } from '../engine/hookPreview';
import { NextRuns, PlanBook, PlanService } from '../plans';
import { ApiCallError, type ApiDispatcher, type CallContext, type EventListener } from './apiDispatcher';

export interface EngineHostOptions {
  paths: HookgatePaths;
  version: string;
  log?: (msg: string) => void;
  /** System facts (default: the platform's; the engine re-reads them while a gate waits). */
  facts?: SystemFactsProvider;
}

/** What the Electron shell lends the host so a window can read and change the app's settings. */
export interface AppSettingsProvider {
  get(): AppSettingsView;
  set(patch: AppSettingsViewPatch): Promise<AppSettingsView> | AppSettingsView;
}

type Handlers = { [M in ApiMethod]: (p: ApiParams<M>, ctx: CallContext) => Promise<ApiResponse<M>> };
type HookStart = ApiResponse<'status'>['running'][number];
type CommandLog = ReturnType<Engine['commandOutput']>;

/** Calls still answered while the host stops: a wrapped command reporting its last output. */
const ALLOWED_WHILE_STOPPING: ReadonlySet<string> = new Set(['command.output', 'command.end', 'status', 'hold.set', 'hold.resume']);
const LOG_PAGE_BYTES = 256 * 1024;

export class EngineHost implements ApiDispatcher {
  readonly since = new Date().toISOString();
  /** Filled in by whoever binds the transports (startHost). */
  readonly info: HostInfo;
  private readonly listeners = new Set<EventListener>();
  private readonly running = new Map<string, HookStart>();
  private readonly commands = new Map<string, { log: CommandLog; owner: object | undefined }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Operations whose signal a client is waiting on, by client: a gate nobody waits for is skipped. */
  private readonly signalsByOwner = new Map<object, Set<string>>();
  /** Guards over running operations, by operation id, with who asked and how to end the watch. */
  private readonly guards = new Map<string, { owner: object | undefined; end: () => void }>();
  private holdTimer: NodeJS.Timeout | null = null;
  /** The tray app's settings, set by the Electron shell; null under `hookgate daemon`. */
  appSettings: AppSettingsProvider | null = null;
  /** Plans kept, operations ended when their tool never reports (set by open). */
  plans: PlanService | null = null;
  /** Mints one-time web login links; set when the web server runs. */
  loginUrl: (() => string) | null = null;
  private stopping: Promise<void> | null = null;
  private readonly log: (msg: string) => void;
  private readonly handlers: Handlers;
  /** Finds and connects the backups on this machine, recording through this host's config store. */
  private readonly connector: PlanConnector;

  private constructor(
    readonly engine: Engine,
    private readonly facts: SystemFactsProvider,
    opts: EngineHostOptions,
  ) {
    this.log = opts.log ?? (() => {});
    this.info = { pid: process.pid, since: this.since, version: opts.version, socket: '', web: null };
    this.connector = new PlanConnector(engine.config, opts.paths, () => discoveryOptions());
    this.handlers = this.makeHandlers();
    const forward = <E extends ApiEvent>(event: E) => (data: unknown) => this.emit(event, data);
    engine.on('operation', forward('operation'));
    engine.on('hookStart', (run) => {
      this.running.set(run.id, run);
      this.emit('hookStart', run);
    });
    engine.on('output', forward('output'));
    engine.on('hookEnd', (run) => {
      this.running.delete(run.id);
      this.emit('hookEnd', run);
    });
    engine.on('decision', forward('decision'));
    this.scheduleHoldEnd();
  }

  static async open(opts: EngineHostOptions): Promise<EngineHost> {
    const log = opts.log ?? (() => {});
    // Whether hook runs get a cgroup is said once, here; a CLI starting afresh for every signal keeps quiet about it.
    setCgroupLog(log);
    const cgroupNote = cgroupFallbackNote();
    if (cgroupNote) log(cgroupNote);
    // The engine re-reads the facts while a gate waits; a host needs no polling of its own.
    const facts = opts.facts ?? new SystemFactsProvider({ logger: log });
    const engine = await Engine.open({ paths: opts.paths, facts, log });
    for (const p of [...engine.config.problems, ...engine.history.problems]) log(p);
    const host = new EngineHost(engine, facts, opts);
    host.plans = await PlanService.attach(engine, { log, keepWatching: true });
    return host;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads the system facts again now, instead of at the next poll: the tray app calls it on
   * Electron's powerMonitor events (AC plugged or unplugged, resume), so a gate waiting on AC power
   * proceeds at once. A change wakes waiting gates like any other.
   */
  async refreshFacts(): Promise<void> {
    await this.facts.refresh();
  }

  /** Validates `params` against the method's request schema and runs it. */
  async call(method: string, params: unknown, ctx: CallContext): Promise<unknown> {
    if (!isApiMethod(method)) throw new ApiCallError('unknown-method', `unknown method "${method}"`);
    if (this.stopping && !ALLOWED_WHILE_STOPPING.has(method)) throw new ApiCallError('host-stopping', `the host (pid ${process.pid}) is stopping`);
    const parsed = API_METHODS[method].request.safeParse(params);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => describeIssue(i, params));
      throw new ApiCallError('bad-params', `${method}: ${lines.join('; ')}`);
    }
    const handler = this.handlers[method] as (p: unknown, ctx: CallContext) => Promise<unknown>;
    const run = handler(parsed.data, ctx).catch((err: unknown) => {
      if (err instanceof ApiCallError) throw err;
      throw new ApiCallError('failed', `${method}: ${(err as Error)?.message ?? String(err)}`);
    });
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  release(owner: object): void {
    for (const opId of this.signalsByOwner.get(owner) ?? []) {
      // Its caller is gone: nobody would act on a later decision, so the gate stops waiting.
      if (this.engine.waitingOperations().includes(opId) && this.engine.resolveWaiting(opId, 'skip')) {
        this.log(`operation ${opId}: the client waiting on its gate went away; answering skip`);
      }
    }
    this.signalsByOwner.delete(owner);
    for (const [opId, g] of this.guards) {
      if (g.owner !== owner) continue;
      this.log(`operation ${opId}: the client that guards it went away; its guard stops`);
      g.end();
    }
    for (const [opId, c] of this.commands) {
      if (c.owner !== owner) continue;
      this.commands.delete(opId);
      this.log(`operation ${opId}: its client went away; closing the wrapped command's log`);
      void c.log.end().catch((err: Error) => this.log(`operation ${opId}: closing the command log: ${err.message}`));
    }
  }

  /**
   * Stops: new calls are refused, running signals get `graceMs` to finish, then waiting gates are
   * answered skip and running hooks cancelled (their process groups killed); history is flushed.
   */
  stop(graceMs = 3000): Promise<void> {
    this.stopping ??= (async () => {
      if (this.inFlight.size) {
        this.log(`stopping: ${this.inFlight.size} call${this.inFlight.size === 1 ? '' : 's'} running; giving them ${Math.round(graceMs / 1000)} s`);
        await within(Promise.allSettled([...this.inFlight]), graceMs);
      }
      if (this.running.size) this.log(`stopping: cancelling ${this.running.size} running hook${this.running.size === 1 ? '' : 's'}`);
      for (const g of this.guards.values()) g.end();
      await this.plans?.close();
      await this.engine.close();
      await within(Promise.allSettled([...this.inFlight]), graceMs + 10_000);
      for (const [, c] of this.commands) await c.log.end().catch(() => {});
      this.commands.clear();
      // Appends are queued in the store; a refresh queued behind them returns once they are written.
      await this.engine.history.refresh();
      if (this.holdTimer) clearTimeout(this.holdTimer);
      this.facts.close();
      this.listeners.clear();
    })();
    return this.stopping;
  }

  get isStopping(): boolean {
    return this.stopping !== null;
  }

  private emit(event: ApiEvent, data: unknown): void {
    for (const l of this.listeners) {
      try {
        l(event, data);
      } catch (err) {
        this.log(`event listener failed on ${event}: ${(err as Error).message}`);
      }
    }
  }

  private holdState(): { hold: Hold | null } {
    return { hold: this.engine.currentHold() ?? null };
  }

  /** An expiring hold tells subscribers when it ends (the tray icon leaves "held"). */
  private scheduleHoldEnd(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
    const hold = this.engine.currentHold();
    if (!hold?.until) return;
    const ms = Date.parse(hold.until) - Date.now();
    this.holdTimer = setTimeout(() => this.emit('hold', this.holdState()), Math.min(Math.max(0, ms) + 50, 2 ** 31 - 1));
    this.holdTimer.unref();
  }

  private waitingGates(): WaitingGate[] {
    const gates: WaitingGate[] = [];
    for (const id of this.engine.waitingOperations()) {
      const op = this.engine.history.get(id);
      if (!op) continue;
      const { hookRuns: _runs, ...operation } = op;
      gates.push({ operationId: id, operation });
    }
    return gates;
  }

  private async setHold(hold: Hold | null, ctx: CallContext): Promise<{ hold: Hold | null }> {
    await this.engine.config.update((c) => {
      c.hold = hold;
    });
    this.log(hold ? `hold set by ${ctx.client}: until ${hold.until ?? 'resumed'}` : `resumed by ${ctx.client}`);
    this.scheduleHoldEnd();
    const state = this.holdState();
    this.emit('hold', state);
    return state;
  }

  private makeHandlers(): Handlers {
    const engine = this.engine;
    const config = engine.config;
    const nextRuns = new NextRuns(() => discoveryOptions(), (m) => this.log(m));
    const plans = new PlanBook({ config, history: engine.history, hold: () => engine.currentHold() ?? null, nextRun: (p) => nextRuns.get(p) });
    return {
      signal: async (req, ctx) => {
        this.log(`${ctx.client}: signal ${req.condition}${req.plan ? ` plan=${req.plan}` : ''}${req.repo ? ` repo=${req.repo}` : ''}`);
        // The hold is read from the config: pick up one written by other means (an editor, a CLI that could not reach us).
        await config.reload();
        const owner = ctx.owner;
        let opId: string | null = null;
        const result = await engine
          .signal(req, {
            onOperation: (id) => {
              opId = id;
              if (owner) {
                let set = this.signalsByOwner.get(owner);
                if (!set) this.signalsByOwner.set(owner, (set = new Set()));
                set.add(id);
              }
              ctx.onOperation?.(id);
            },
          })
          .finally(() => {
            if (owner && opId) this.signalsByOwner.get(owner)?.delete(opId);
          });
        this.log(`${ctx.client}: ${req.condition} → ${result.decision}: ${result.reason}`);
        return result;
      },
      'command.output': async ({ operationId, data }, ctx) => {
        let c = this.commands.get(operationId);
        if (!c) {
          if (!engine.history.get(operationId)) throw new ApiCallError('failed', `no operation "${operationId}" in the history`);
          c = { log: engine.commandOutput(operationId), owner: ctx.owner };
          this.commands.set(operationId, c);
        }
        c.log.write(data);
        return { ok: true as const };
      },
      'command.end': async ({ operationId }) => {
        const c = this.commands.get(operationId);
        if (!c) throw new ApiCallError('failed', `operation "${operationId}": no command output is open`);
        this.commands.delete(operationId);
        return c.log.end();
      },

      'guard.watch': async ({ operationId, ...req }, ctx) => {
        if (this.guards.has(operationId)) throw new ApiCallError('failed', `operation "${operationId}" is guarded already`);
        const handle = await engine.guard(operationId, req);
        if (handle.hooks.length === 0) {
          await handle.stop();
          return { guarded: false, trip: null };
        }
        this.log(`${ctx.client}: guarding operation ${operationId} with ${handle.hooks.map((h) => `"${h.name}"`).join(', ')}`);
        let end!: () => void;
        const ended = new Promise<null>((resolve) => (end = () => resolve(null)));
        this.guards.set(operationId, { owner: ctx.owner, end });
        try {
          const trip = await Promise.race([handle.tripped, ended]);
          if (trip) this.log(`operation ${operationId}: guard hook "${trip.hook.name}" tripped: ${trip.decision} — ${trip.reason}`);
          return { guarded: true, trip };
        } finally {
          this.guards.delete(operationId);
          await handle.stop();
        }
      },
      'guard.stop': async ({ operationId }) => {
        this.guards.get(operationId)?.end();
        return { ok: true as const };
      },
      'guard.recordStop': async ({ operationId, trip, ...req }, ctx) => {
        // Its SKIPPED/END hooks stream to a caller that asked for them, as a signal's do.
        ctx.onOperation?.(operationId);
        return engine.recordGuardStop(operationId, trip as Parameters<Engine['recordGuardStop']>[1], req);
      },

      'hooks.list': async () => {
        await config.reload();
        return { hooks: config.hooks(), problems: config.problems };
      },
      'hooks.get': async ({ id }) => {
        await config.reload();
        return findHook(config.config, id);
      },
      'hooks.add': async ({ hook }) => {
        const next = await config.update((c) => addHook(c, hook as NewHookInput));
        return next.hooks[next.hooks.length - 1]!;
      },
      'hooks.edit': async ({ id, patch }) => {
        let newId = '';
        const next = await config.update((c) => {
          const idx = c.hooks.indexOf(findHook(c, id));
          const out = editHook(c, id, patch);
          newId = out.hooks[idx]!.id;
          return out;
        });
        return findHook(next, newId);
      },
      'hooks.remove': async ({ id }) => {
        await config.update((c) => removeHook(c, id));
        return { ok: true as const };
      },
      'hooks.setEnabled': async ({ id, enabled }) => {
        let hookId = '';
        const next = await config.update((c) => {
          hookId = findHook(c, id).id;
          return setHookEnabled(c, id, enabled);
        });
        return findHook(next, hookId);
      },
      'hooks.move': async ({ id, toIndex }) => {
        const next = await config.update((c) => moveHook(c, id, toIndex));
        return { hooks: next.hooks, problems: [] };
      },
      'hooks.test': async ({ hook, ...req }, ctx) => {
        this.log(`${ctx.client}: test of ${typeof hook === 'string' ? `hook "${hook}"` : 'a draft hook'}${req.simulate ? ` with ${JSON.stringify(req.simulate)}` : ''}`);
        // Its events reach subscribers under the test-… operation id; nothing is recorded.
        return engine.testHook(hook, req, { onOperation: ctx.onOperation });
      },

      'history.list': async (q) => {
        await engine.history.refresh();
        const limit = q.limit ?? 50;
        const page = engine.history.list({ ...q, limit: limit + 1 });
        const ops = page.filter((o) => !q.kind || o.kind === q.kind);
        return { operations: ops.slice(0, limit), hasMore: page.length > limit };
      },
      'history.get': async ({ operationId }) => {
        await engine.history.refresh();
        const op = engine.history.get(operationId);
        if (!op) throw new ApiCallError('failed', `no operation "${operationId}" in the history`);
        return op;
      },
      'history.log': async ({ runId, offset = 0, limit = LOG_PAGE_BYTES }) => {
        await engine.history.refresh();
        const buf = await engine.history.readLog(runId);
        const run = engine.history.getHookRun(runId);
        let end = Math.min(buf.length, offset + limit);
        // Never cut a UTF-8 sequence in half: back off to the start of the character.
        while (end < buf.length && end > offset && (buf[end]! & 0xc0) === 0x80) end--;
        return {
          text: buf.subarray(Math.min(offset, buf.length), end).toString('utf8'),
          offset,
          nextOffset: end,
          size: buf.length,
          eof: end >= buf.length,
          truncated: run?.logTruncated ?? false,
        };
      },

      'hold.set': async ({ until }, ctx) => {
        if (until !== null && Date.parse(until) <= Date.now()) throw new ApiCallError('bad-params', `hold.set: ${until} is in the past`);
        return this.setHold({ since: new Date().toISOString(), until: until === null ? null : new Date(until).toISOString() }, ctx);
      },
      'hold.resume': async (_p, ctx) => this.setHold(null, ctx),
      status: async () => ({ host: { ...this.info }, hold: engine.currentHold() ?? null, waiting: this.waitingGates(), running: [...this.running.values()] }),

      'waiting.list': async () => ({ gates: this.waitingGates() }),
      'waiting.resolve': async ({ operationId, action }, ctx) => {
        const resolved = engine.resolveWaiting(operationId, action);
        this.log(`${ctx.client}: waiting gate ${operationId}: ${action}${resolved ? '' : ' (it was no longer waiting)'}`);
        return { resolved };
      },
      'hookRun.cancel': async ({ runId }, ctx) => {
        const cancelled = engine.cancelHookRun(runId);
        this.log(`${ctx.client}: cancel hook run ${runId}${cancelled ? '' : ' (not running)'}`);
        return { cancelled };
      },
      'facts.get': async () => this.facts.get(),
      'gallery.list': async ({ platform }) => {
        const p = platform ?? galleryPlatform(process.platform);
        return { platform: p, items: galleryItems(p) };
      },
      'gallery.add': async ({ id, params, name }, ctx) => {
        let hook: NewHookInput;
        try {
          hook = hookFromGallery(id, { params, name });
        } catch (err) {
          if (err instanceof GalleryError) throw new ApiCallError('bad-params', `gallery.add: ${err.message}`);
          throw err;
        }
        const next = await config.update((c) => addHook(c, hook));
        const added = next.hooks[next.hooks.length - 1]!;
        this.log(`${ctx.client}: added gallery hook "${id}" as ${added.id}`);
        return added;
      },
      'config.importBackrest': async ({ config: json, apply }, ctx) => {
        await config.reload();
        if (!apply) {
          const r = importBackrest(json, config.config);
          return { imported: r.imported, skipped: r.skipped, applied: false };
        }
        let r: ReturnType<typeof importBackrest> | null = null;
        await config.update((c) => (r = importBackrest(json, c)).config);
        const done = r as unknown as ReturnType<typeof importBackrest>;
        this.log(`${ctx.client}: imported ${done.imported.length} hook(s) from a Backrest config (${done.skipped.length} skipped)`);
        return { imported: done.imported, skipped: done.skipped, applied: true };
      },
      'app.settings.get': async () => ({ settings: this.appSettings?.get() ?? null }),
      'app.settings.set': async ({ patch }) => {
        if (!this.appSettings) throw new ApiCallError('not-implemented', 'these settings belong to the tray app; hookgate daemon has none');
        return { settings: await this.appSettings.set(patch) };
      },
      'template.check': async ({ script }) => ({
        errors: checkTemplate(script, 'hook'),
        warnings: lintHookScript(script, 'hook'),
        shell: isShellScript(script),
      }),
      'template.preview': async ({ script, condition, facts, error }) =>
        previewHookScript({ script, condition, facts: await this.facts.get(), simulate: facts, error }),
      'plans.list': async () => plans.list(),
      'plans.get': async ({ id }) => plans.get(id),
      'plans.set': async ({ id, patch }, ctx) => {
        const r = await plans.set(id, patch);
        this.log(`${ctx.client}: ${r.created ? 'added' : 'changed'} plan "${r.plan.id}": ${Object.keys(patch).join(', ') || 'no settings'}`);
        return r;
      },
      'plans.discover': async () => this.connector.discover(),
      'plans.connect': async ({ id, apply, expect }, ctx) => {
        const r = await this.connector.connect(id, apply, expect).catch(connectRefusal);
        if (r.applied) this.log(`${ctx.client}: connected ${r.plan.name} as plan ${id} (${r.changes.map((c) => c.path).join(', ')})`);
        return r;
      },
      'plans.disconnect': async ({ id, apply, expect }, ctx) => {
        const r = await this.connector.disconnect(id, apply, expect).catch(connectRefusal);
        if (r.applied) this.log(`${ctx.client}: disconnected plan ${id}`);
        return r;
      },
      'plans.export': async ({ prometheusDir }, ctx) => {
        const r = await plans.setExport(prometheusDir);
        this.log(`${ctx.client}: ${r.file ? `Prometheus textfile export to ${r.file}` : 'Prometheus textfile export stopped'}`);
        return r;
      },
      'web.loginUrl': async (_p, ctx) => {
        if (!this.loginUrl) return { url: null };
        this.log(`${ctx.client}: asked for a web login link`);
        return { url: this.loginUrl() };
      },
    };
  }
}

/** A connect that cannot be done is the caller's to fix (bad-params), said in its own words. */
function connectRefusal(err: unknown): never {
  if (err instanceof ConnectError || err instanceof WiringError) throw new ApiCallError('bad-params', err.message);
  throw err;
}

/** Waits for `p`, but at most `ms` (and keeps no timer behind). */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
