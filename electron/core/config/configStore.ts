// The config file: loaded without ever failing on bad content, changed only under the lock,
// written atomically, and never written over a file the user wrote that could not be used.
import fs from 'node:fs/promises';
import { constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';
import { emptyConfig, type Config, type Hook } from '../../shared/config';
import type { HookgatePaths } from '../paths';
import { writeFileAtomic } from './atomicWrite';
import { ConfigError } from './configError';
import { KEPT_EMPTY, parseConfigText, serializeConfig, validateConfig, type InvalidHook, type ParsedConfigFile } from './configFile';
import { pidAlive, withFileLock, type FileLockOptions } from './fileLock';
import { checkConfigDepth } from './depthLimit';

interface FileState extends ParsedConfigFile {
  /** The file exists (a missing file is a fresh start, not a problem). */
  exists: boolean;
}

export class ConfigStore {
  private state: FileState = { config: emptyConfig(), problems: [], clean: true, exists: false };
  /** Notes that outlive a reload, e.g. where a broken file was moved. */
  private notes: string[] = [];
  /** Identity of the file as last read (see fileStamp). */
  private stamp: string | null = null;
  /**
   * The config as last loaded from a usable file (or saved). When the file turns unusable while
   * this process runs — a typo mid-edit with the tray app open — these hooks stay in force, as a
   * server keeps its configuration when a reload fails, instead of every gate proceeding unchecked.
   */
  private lastGood: Config | null = null;
  /** The invalid hooks of that config: their gates keep failing while it stays in force. */
  private lastGoodInvalid: InvalidHook[] = [];
  /** Where the config in force comes from (see `inForce`). */
  private source: 'file' | 'last-good' | 'none' = 'file';

  private constructor(
    private readonly paths: HookgatePaths,
    private readonly lockOptions: FileLockOptions,
  ) {}

  /** Never throws for bad content: `problems` says what was wrong and what was done about it. */
  static async load(paths: HookgatePaths, opts: { lock?: FileLockOptions } = {}): Promise<ConfigStore> {
    const store = new ConfigStore(paths, opts.lock ?? {});
    await store.reload();
    return store;
  }

  /** The copy of the last config that loaded or saved cleanly, beside the file. */
  get lastGoodFile(): string {
    return `${this.paths.config}.last-good`;
  }

  /**
   * Which config is in force: the file; the last good copy (the file is broken); or none — the file
   * is broken and there is no good copy, so every gate fails (see `broken`).
   */
  get inForce(): 'file' | 'last-good' | 'none' {
    return this.source;
  }

  /** The file is broken and no good config is known: gates fail closed (HOOKGATE_BROKEN_CONFIG=proceed lets them through). */
  get broken(): string | null {
    return this.source === 'none' ? (this.state.problems[0] ?? `${this.paths.config}: cannot be used`) : null;
  }

  /** Hooks left out as invalid (see ParsedConfigFile.invalidHooks). */
  get invalidHooks(): NonNullable<ParsedConfigFile['invalidHooks']> {
    return this.state.invalidHooks ?? [];
  }

  get problems(): string[] {
    return [...this.notes, ...this.state.problems];
  }

  get config(): Config {
    return this.state.config;
  }

  /** The hooks in the user's order (invalid ones left out, see `problems`). */
  hooks(): Hook[] {
    return this.state.config.hooks;
  }

  get file(): string {
    return this.paths.config;
  }

  async reload(): Promise<void> {
    // Every signal reloads (the CLI may have edited hooks); an unchanged file is not read again.
    const stamp = fileStamp(this.paths.config);
    if (stamp !== null && stamp === this.stamp) return;
    const read = await readConfigFile(this.paths.config);
    if (read.unusable) {
      // One rule for the host and the CLI: the config this process loaded before, else the last good
      // copy beside the file; with neither, no config is in force and gates fail closed.
      const inMemory = this.lastGood !== null;
      const good = this.lastGood ?? (await readLastGood(this.lastGoodFile));
      if (good) {
        this.lastGood = good;
        if (!inMemory) this.lastGoodInvalid = [];
        this.source = 'last-good';
        const invalid = this.lastGoodInvalid.length ? { invalidHooks: this.lastGoodInvalid } : {};
        this.state = { ...read, ...invalid, config: good, problems: read.problems.map((p) => p.replace(KEPT_EMPTY, `${KEPT_BEFORE} (${this.lastGoodFile})`)) };
      } else {
        this.source = 'none';
        this.state = { ...read, problems: read.problems.map((p) => p.replace(KEPT_EMPTY, KEPT_NONE)) };
      }
    } else {
      this.state = read;
      this.source = 'file';
      // A missing file is a fresh start (the user removed it), not a broken one.
      this.lastGood = read.config;
      this.lastGoodInvalid = read.invalidHooks ?? [];
      if (read.exists && read.clean) await this.keepLastGood(read.config);
    }
    this.stamp = stamp;
  }

  /** Writes the last good copy when it differs from `config` (a failure to write it costs nothing now). */
  private async keepLastGood(config: Config): Promise<void> {
    try {
      const text = serializeConfig(config); // may throw (an unknown field nested too deep): no copy then
      const old = await fs.readFile(this.lastGoodFile, 'utf8').catch(() => null);
      if (old === text) return;
      await writeFileAtomic(this.lastGoodFile, text, { mode: 0o600 });
    } catch {
      // best effort: the config in force is unaffected; only a later broken file finds no copy
    }
  }

  /**
   * Re-reads the file under the lock (another process may have changed it), applies `mutate` to a
   * copy, validates, and writes atomically. Throws a ConfigError, leaving the file untouched, when
   * the result is invalid. A file that could not be used as it is gets moved aside first.
   */
  async update(mutate: (c: Config) => Config | void, opts: { refuseBroken?: boolean } = {}): Promise<Config> {
    return withFileLock(
      this.paths.lock,
      async () => {
        const fresh = await readConfigFile(this.paths.config);
        if (fresh.unusable && opts.refuseBroken) {
          const good = this.lastGood ?? (await readLastGood(this.lastGoodFile));
          throw new ConfigError(
            `${fresh.problems[0]?.replace(/ — .*$/, '') ?? `${this.paths.config}: cannot be used`}; not changing it, so that none of your hooks are lost: fix the file ` +
              `(${good ? `the last good config, ${this.lastGoodFile}, is in force meanwhile` : 'no good copy of it is known'}), or give --replace-broken to move it aside and start from ${good ? 'the last good config' : 'an empty config'}`,
            this.paths.config,
          );
        }
        // Over a file that broke, the change applies to the config in force (the last good one).
        const good = fresh.unusable ? (this.lastGood ?? (await readLastGood(this.lastGoodFile))) : null;
        const source = good ?? fresh.config;
        checkConfigDepth(source, this.paths.config); // before copying it: deep nesting overflows the stack
        const draft = structuredClone(source);
        const result = mutate(draft) ?? draft;
        const next = validateConfig(result, this.paths.config);
        const notes: string[] = [];
        if (fresh.exists && !fresh.clean) {
          const aside = await moveAside(this.paths.config);
          notes.push(
            `${this.paths.config}: could not be used as it was (${fresh.problems.length} problem${fresh.problems.length === 1 ? '' : 's'}); ` +
              `it was moved aside to ${aside} before saving`,
          );
        }
        await fs.mkdir(this.paths.home, { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.paths.config, (fresh.bom ? '\ufeff' : '') + serializeConfig(next), { mode: 0o600 });
        await removeStaleTempFiles(this.paths.config);
        this.notes.push(...notes);
        this.state = { config: next, problems: [], clean: true, exists: true, ...(fresh.bom ? { bom: true } : {}) };
        this.lastGood = next;
        this.lastGoodInvalid = [];
        this.source = 'file';
        await this.keepLastGood(next);
        return next;
      },
      this.lockOptions,
    );
  }
}

const KEPT_BEFORE = 'the file is kept as is; the last good config stays in force until it is fixed';
const KEPT_NONE = 'the file is kept as is; there is no good copy of it, so every backup fails until it is fixed (HOOKGATE_BROKEN_CONFIG=proceed lets backups through)';

/** The last good copy, or null when there is none or it cannot be used either. */
async function readLastGood(file: string): Promise<Config | null> {
  const read = await readConfigFile(file);
  return read.exists && !read.unusable ? read.config : null;
}

export async function readConfigFile(file: string): Promise<FileState> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { config: emptyConfig(), problems: [], clean: true, exists: false };
    return {
      config: emptyConfig(),
      problems: [`${file}: cannot be read (${e.code ?? e.message}) — ${KEPT_EMPTY}`],
      clean: false,
      unusable: true,
      exists: true,
    };
  }
  return { ...parseConfigText(text, file), exists: true };
}

/**
 * Inode, size and change times in nanoseconds: an atomic rewrite (rename) changes the inode and an
 * edit in place the times. Null when the file cannot be stat'ed (then it is read, to say why).
 */
function fileStamp(file: string): string | null {
  try {
    const st = statSync(file, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return null;
  }
}

/** Temp files left by a writer that died before its rename (`config.json.tmp-<pid>-<random>`). */
async function removeStaleTempFiles(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.tmp-`;
  const names = await fs.readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = parseInt(name.slice(prefix.length), 10);
    if (pid !== process.pid && !pidAlive(pid)) await fs.rm(path.join(path.dirname(file), name), { force: true }).catch(() => {});
  }
}

/** Copies the file to `<file>.invalid-<timestamp>` (never over an existing one); the original is
 * then replaced atomically by the caller. */
async function moveAside(file: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const aside = `${file}.invalid-${stamp}${n ? `-${n}` : ''}`;
    try {
      await fs.copyFile(file, aside, fsConstants.COPYFILE_EXCL);
      await fs.chmod(aside, 0o600).catch(() => {});
      return aside;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && n < 100) continue;
      throw new ConfigError(
        `${file}: cannot be used, and cannot be moved aside to ${path.basename(aside)} (${code ?? (err as Error).message}); not saving, so that nothing of it is lost`,
        file,
      );
    }
  }
}
