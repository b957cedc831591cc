// Discovery: the backups on this machine, each with whether it is connected to Hookgate. Read
// only and quick: a fixed list of tool files and folders, never a scan of the disk.
import { TOOL_NAMES, type Connection, type DiscoveryTool, type FoundBackup } from '../../shared/discovery';
import { findBackInTime } from './backInTime';
import { findBackrest } from './backrestPlans';
import { findBorgmatic } from './borgmaticConfigs';
import type { Candidate } from './candidate';
import { findCron } from './crontabs';
import type { DiscoveryOptions } from './discoveryOptions';
import { findRsnapshot } from './rsnapshotConf';
import { findSystemd } from './systemdUnits';
import { findVorta } from './vortaProfiles';

export { discoveryOptions, hookgateCommand, type DiscoveryOptions } from './discoveryOptions';
export type { Candidate } from './candidate';

const FINDERS: Record<DiscoveryTool, (o: DiscoveryOptions, now: Date) => Promise<Candidate[]>> = {
  borgmatic: (o) => findBorgmatic(o),
  systemd: findSystemd,
  cron: findCron,
  backintime: (o) => findBackInTime(o),
  rsnapshot: findRsnapshot,
  backrest: findBackrest,
  vorta: (o) => findVorta(o),
};

export interface Discovery {
  found: FoundBackup[];
  candidates: Candidate[];
  /** A tool whose files could not be looked at (said, not hidden). */
  problems: string[];
}

/** Recorded connections by plan id (from the config's plans). */
export type RecordedConnections = ReadonlyMap<string, Connection>;

export async function discover(opts: DiscoveryOptions, recorded: RecordedConnections = new Map(), now = new Date()): Promise<Discovery> {
  const problems: string[] = [];
  const lists = await Promise.all(
    (Object.keys(FINDERS) as DiscoveryTool[]).map(async (tool) => {
      try {
        return await FINDERS[tool](opts, now);
      } catch (err) {
        problems.push(`${TOOL_NAMES[tool]}: could not look for its backups: ${(err as Error).message}`);
        return [];
      }
    }),
  );
  const candidates = lists.flat();
  return { candidates, found: candidates.map((c) => foundBackup(c, recorded.get(c.id) ?? null)), problems };
}

function when(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function foundBackup(c: Candidate, conn: Connection | null): FoundBackup {
  const where = c.source.description;
  let state: FoundBackup['state'];
  let stateDetail: string;
  if (c.unreadable) {
    state = 'unreadable';
    stateDetail = c.unreadable;
  } else if (c.ourWiring) {
    state = 'connected';
    stateDetail = conn ? `connected by Hookgate on ${when(conn.connectedAt)}` : `Hookgate's wiring for this plan is in ${where}`;
  } else if (conn?.method === 'paste') {
    state = 'paste-pending';
    stateDetail = `the commands Hookgate showed on ${when(conn.connectedAt)} are not in ${TOOL_NAMES[c.tool]} yet`;
  } else if (conn) {
    state = 'changed-since';
    stateDetail = `Hookgate connected it on ${when(conn.connectedAt)}, but its wiring is no longer in ${where}`;
  } else if (c.handWired) {
    state = 'wired-by-hand';
    stateDetail = `${where} already calls hookgate (wired by hand)`;
  } else {
    state = 'not-connected';
    stateDetail = `${TOOL_NAMES[c.tool]} does not tell Hookgate when this backup runs`;
  }
  return {
    id: c.id,
    name: c.name,
    tool: c.tool,
    source: c.source,
    what: c.what,
    nextRun: c.nextRun,
    schedule: c.schedule,
    state,
    stateDetail,
    writable: c.writable,
    connectNote: c.connectNote,
  };
}
