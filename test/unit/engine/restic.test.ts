import { describe, expect, it } from 'vitest';
import { parseResticCommand, ResticJsonReader, statusFromResticExit, withJson } from '../../../electron/core/engine/restic';

describe('restic command lines', () => {
  it('finds the subcommand behind global flags and maps it to an operation kind', () => {
    const c = parseResticCommand(['/usr/bin/restic', '-r', '/srv/repo', '--password-file=/p', 'backup', '/home']);
    expect(c).toMatchObject({ subcommand: 'backup', kind: 'snapshot', repo: '/srv/repo', subcommandIndex: 4 });
    expect(parseResticCommand(['restic', 'forget', '--keep-last', '3'])?.kind).toBe('forget');
    expect(parseResticCommand(['restic', '--repo', 'x', 'prune'])?.kind).toBe('prune');
    expect(parseResticCommand(['restic', 'check'])?.kind).toBe('check');
    expect(parseResticCommand(['restic', 'snapshots'])?.kind).toBeNull();
    expect(parseResticCommand(['borg', 'create'])).toBeNull();
  });
  it('adds --json right after the subcommand once', () => {
    const argv = ['restic', '-r', 'r', 'backup', '/home'];
    expect(withJson(argv, parseResticCommand(argv)!)).toEqual(['restic', '-r', 'r', 'backup', '--json', '/home']);
    const j = ['restic', 'backup', '--json', '/x'];
    expect(withJson(j, parseResticCommand(j)!)).toEqual(j);
  });
  it('exit 3 of a backup is a warning (some files unreadable), other non-zero exits are errors', () => {
    expect(statusFromResticExit(0, 'snapshot')).toBe('success');
    expect(statusFromResticExit(3, 'snapshot')).toBe('warning');
    expect(statusFromResticExit(1, 'snapshot')).toBe('error');
    expect(statusFromResticExit(3, 'prune')).toBe('error');
  });
});

describe('restic --json output through a pty', () => {
  it('turns status lines into one overwritten progress line and reads the summary', () => {
    const shown: string[] = [];
    let summary: [Record<string, unknown>, string | null] | null = null;
    const r = new ResticJsonReader({ display: (t) => shown.push(t), summary: (s, id) => (summary = [s, id]) });
    r.write('repository 1234 opened\r\n{"message_type":"status","percent_done":0.5,"total_files":4,"files_done":2,"total_bytes":2048,"bytes_done":1024,"seconds_elapsed":3}\r\n{"message_ty');
    r.write('pe":"summary","files_new":4,"files_changed":0,"files_unmodified":0,"dirs_new":1,"data_added":2048,"total_duration":0.5,"snapshot_id":"abcdef0123456789"}\r\n');
    r.end();
    const text = shown.join('');
    expect(text).toContain('repository 1234 opened');
    expect(text).toContain('[ 50%] 1.00 KiB of 2.00 KiB · 2 of 4 files · 0:03');
    expect(text).toContain('snapshot abcdef01 saved: 4 new');
    expect(text).not.toContain('message_type');
    expect(summary![1]).toBe('abcdef0123456789');
    expect(summary![0]).toMatchObject({ FilesNew: 4, DataAdded: 2048, SnapshotId: 'abcdef0123456789', MessageType: 'summary' });
  });
  it('passes lines that are not restic JSON through unchanged', () => {
    const shown: string[] = [];
    const r = new ResticJsonReader({ display: (t) => shown.push(t), summary: () => {} });
    r.write('{not json}\r\nenter password: ');
    expect(shown.join('')).toBe('{not json}\r\nenter password: ');
  });
});

describe('restic progress written to a log (not a terminal)', () => {
  const status = (pct: number) =>
    `\r\x1b[2K{"message_type":"status","percent_done":${pct / 100},"total_files":100,"files_done":${pct},"total_bytes":102400,"bytes_done":${pct * 1024},"seconds_elapsed":${pct}}\r\n`;

  it('is one plain line per 10 % done, with \\n line ends and no redraws', () => {
    const shown: string[] = [];
    const r = new ResticJsonReader({ display: (t) => shown.push(t), summary: () => {} }, { progress: 'lines' });
    r.write('repository 1234 opened\r\n');
    for (let pct = 0; pct <= 100; pct++) r.write(status(pct));
    r.write('{"message_type":"summary","files_new":100,"files_changed":0,"files_unmodified":0,"data_added":102400,"total_duration":100,"snapshot_id":"abcdef0123456789"}\r\n');
    r.end();
    const text = shown.join('');
    expect(text).not.toMatch(/\x1b|\r(?!\n)/);
    const progress = text.split('\n').filter((l) => l.startsWith('['));
    expect(progress.map((l) => l.slice(0, 6))).toEqual(['[  0%]', '[ 10%]', '[ 20%]', '[ 30%]', '[ 40%]', '[ 50%]', '[ 60%]', '[ 70%]', '[ 80%]', '[ 90%]', '[100%]']);
    expect(text).toMatch(/\nsnapshot abcdef01 saved: 100 new, 0 changed, 0 unmodified files; 100.0 KiB added in 1:40\n$/);
  });

  it('skips steps restic jumped over instead of inventing them', () => {
    const shown: string[] = [];
    const r = new ResticJsonReader({ display: (t) => shown.push(t), summary: () => {} }, { progress: 'lines' });
    for (const pct of [3, 5, 47, 48, 100]) r.write(status(pct));
    r.end();
    expect(shown.join('').split('\n').filter(Boolean).map((l) => l.slice(0, 6))).toEqual(['[  3%]', '[ 47%]', '[100%]']);
  });
});
