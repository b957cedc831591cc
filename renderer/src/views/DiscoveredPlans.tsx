// The backups Hookgate found on this machine (borgmatic, systemd timers, cron, Back In Time,
// rsnapshot, Backrest, Vorta), each saying whether it is connected. Connect shows the exact change
// first — a diff per file — and makes it only when the user says so; Disconnect likewise puts the
// files back.
import { useCallback, useEffect, useState } from 'react';
import type { ConnectResult, DisconnectResult, FoundBackup, PlannedChange } from '../../../electron/shared/discovery';
import { useApi } from '../api/ApiContext';
import { useLiveStore } from '../live/useLive';

const TOOL_NAMES: Record<string, string> = { borgmatic: 'borgmatic', systemd: 'systemd', cron: 'cron', backintime: 'Back In Time', rsnapshot: 'rsnapshot', backrest: 'Backrest', vorta: 'Vorta' };
const STATE_WORDS: Record<string, string> = {
  connected: 'connected',
  'not-connected': 'not connected',
  'wired-by-hand': 'wired by hand',
  'changed-since': 'changed since connecting',
  'paste-pending': 'waiting for the pasted text',
  unreadable: 'could not be read',
};

type Pending = { kind: 'connect'; found: FoundBackup; result: ConnectResult } | { kind: 'disconnect'; found: FoundBackup; result: DisconnectResult };

function Diff({ change }: { change: PlannedChange }) {
  const verb = { create: 'New file', modify: 'Change to', delete: 'Remove', paste: 'Paste into' }[change.action];
  return (
    <figure className="diff">
      <figcaption className="small">
        {verb} <code>{change.path}</code>
      </figcaption>
      <pre aria-label={`change to ${change.path}`}>
        {change.diff.split('\n').map((line, i) => (
          <span key={i} className={line.startsWith('+') && !line.startsWith('+++') ? 'diff-add' : line.startsWith('-') && !line.startsWith('---') ? 'diff-del' : line.startsWith('@@') ? 'diff-hunk' : undefined}>
            {line}
            {'\n'}
          </span>
        ))}
      </pre>
    </figure>
  );
}

export function DiscoveredPlans({ open = true }: { open?: boolean }) {
  const api = useApi();
  const live = useLiveStore();
  const [found, setFound] = useState<FoundBackup[] | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const discover = useCallback(async () => {
    try {
      const r = await api.call('plans.discover', {});
      setFound(r.found);
      setProblems(r.problems);
      setError(null);
    } catch (err) {
      setError((err as Error).message);
    }
  }, [api]);

  useEffect(() => {
    if (open) void discover();
  }, [open, discover]);

  const preview = async (f: FoundBackup, kind: 'connect' | 'disconnect') => {
    setBusy(f.id);
    setDone(null);
    setError(null);
    try {
      if (kind === 'connect') setPending({ kind, found: f, result: await api.call('plans.connect', { id: f.id, apply: false }) });
      else setPending({ kind, found: f, result: await api.call('plans.disconnect', { id: f.id, apply: false }) });
    } catch (err) {
      setError(`${f.name}: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  const apply = async (p: Pending) => {
    setBusy(p.found.id);
    setError(null);
    try {
      const params = { id: p.found.id, apply: true, expect: p.result.changesSha256 };
      const r = p.kind === 'connect' ? await api.call('plans.connect', params) : await api.call('plans.disconnect', params);
      setPending(null);
      const notes = r.notes.length ? ` ${r.notes.join(' ')}` : '';
      setDone(
        p.kind === 'connect'
          ? `${p.found.name} is connected: its backups now tell Hookgate when they start and end. The original is kept; Disconnect puts it back.${notes}`
          : `${p.found.name} is disconnected.${notes}`,
      );
      await Promise.all([discover(), live.loadPlans()]);
    } catch (err) {
      setError(`${p.found.name}: ${(err as Error).message}`);
    } finally {
      setBusy(null);
    }
  };

  if (!open) return null;
  return (
    <section className="discovered" aria-label="Backups found on this machine">
      <h2 className="section-title">Found on this machine</h2>
      {error ? (
        <p className="notice tone-bad small" role="alert">
          {error}
        </p>
      ) : null}
      {done ? (
        <p className="notice tone-ok small" role="status">
          {done}
        </p>
      ) : null}
      {found === null && !error ? <p className="muted small">Looking for borgmatic, systemd timers, cron, Back In Time, rsnapshot, Backrest and Vorta…</p> : null}
      {found && found.length === 0 ? <p className="muted small">No backup tool’s configuration was found here. Wire one by hand as the README shows.</p> : null}
      {problems.map((p) => (
        <p key={p} className="muted small">
          {p}
        </p>
      ))}
      <ul className="plain">
        {found?.map((f) => {
          const isPending = pending?.found.id === f.id;
          const connected = f.state === 'connected' || f.state === 'changed-since' || f.state === 'paste-pending';
          return (
            <li key={f.id} className="card found" aria-label={`${f.name} (${TOOL_NAMES[f.tool] ?? f.tool}): ${STATE_WORDS[f.state] ?? f.state}`}>
              <div className="row">
                <span className="title grow">{f.name}</span>
                <span className={`small ${f.state === 'connected' ? 'tone-ok' : 'muted'}`}>{STATE_WORDS[f.state] ?? f.state}</span>
              </div>
              <p className="small">
                {TOOL_NAMES[f.tool] ?? f.tool} · {f.what}
              </p>
              <p className="muted small">
                <code>{f.source.path}</code>
                {f.schedule ? ` · ${f.schedule}` : ''}
              </p>
              {f.stateDetail ? <p className="muted small">{f.stateDetail}</p> : null}
              {isPending ? (
                <div className="connect-preview" role="region" aria-label={`${pending.kind === 'connect' ? 'Connect' : 'Disconnect'} ${f.name}: the change`}>
                  {pending.result.changes.length === 0 ? <p className="small">Nothing to change: it is already {pending.kind === 'connect' ? 'connected' : 'as it was'}.</p> : null}
                  {pending.result.changes.map((c) => (
                    <Diff key={c.path} change={c} />
                  ))}
                  {pending.result.notes.map((n) => (
                    <p key={n} className="small">
                      {n}
                    </p>
                  ))}
                  <div className="row gap">
                    {pending.result.changes.some((c) => c.action !== 'paste') ? (
                      <button type="button" className="primary" disabled={busy === f.id} onClick={() => void apply(pending)}>
                        {pending.kind === 'connect' ? 'Make this change' : 'Put the files back'}
                      </button>
                    ) : null}
                    {pending.result.changes.length && pending.result.changes.every((c) => c.action === 'paste') ? (
                      <button
                        type="button"
                        className="primary"
                        onClick={() => {
                          setPending(null);
                          void discover();
                        }}
                      >
                        I pasted it — check
                      </button>
                    ) : null}
                    <button type="button" onClick={() => setPending(null)}>
                      Cancel
                    </button>
                  </div>
                </div>
              ) : (
                <div className="row gap">
                  {f.state === 'unreadable' ? null : connected ? (
                    <button type="button" disabled={busy === f.id} onClick={() => void preview(f, 'disconnect')} aria-label={`Disconnect ${f.name}`}>
                      Disconnect…
                    </button>
                  ) : (
                    <button type="button" className="primary" disabled={busy === f.id} onClick={() => void preview(f, 'connect')} aria-label={`Connect ${f.name}`}>
                      {busy === f.id ? 'Preparing…' : 'Connect…'}
                    </button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
