// The gallery of ready hooks, written by us. One entry per hook; its script is picked for the
// platform when the gallery is listed (POSIX sh on Linux and macOS, PowerShell on Windows): each
// script is then plain and idiomatic for its interpreter, instead of one template branching on the
// platform. Settings become the hook's environment variables, so the user can change them later
// in the editor's env list without touching the script.
import type { Condition, ErrorBehaviour } from '../../shared/conditions';
import type { GalleryFlavour, GalleryItem, GalleryParam, GalleryPlatform } from '../../shared/gallery';
import { POSIX_SCRIPTS, type GalleryScriptId } from './posixScripts';
import { WINDOWS_SCRIPTS } from './windowsScripts';

type ParamSpec = Omit<GalleryParam, 'default'> & { default: string | Record<GalleryPlatform, string> };

interface CatalogEntry {
  id: GalleryScriptId;
  name: string;
  description: string;
  conditions: Condition[];
  onError: ErrorBehaviour;
  timeoutSec: number;
  guard: boolean;
  /** An END hook that also runs after a skipped backup (a notification that says "skipped"). */
  alsoAfterSkip?: boolean;
  params: ParamSpec[];
}

const START: Condition[] = ['CONDITION_SNAPSHOT_START'];
const END: Condition[] = ['CONDITION_SNAPSHOT_END'];

const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'internet',
    name: 'Internet connection',
    description: 'Skips the backup when the machine is offline or CHECK_URL does not answer.',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: true,
    params: [
      {
        name: 'CHECK_URL',
        label: 'Address to try',
        description: 'An http(s) address that answers when the internet works, e.g. your repository server; empty: trust Hookgate\'s own reading.',
        default: 'https://www.google.com/generate_204',
        required: false,
        kind: 'url',
      },
    ],
  },
  {
    id: 'target',
    name: 'Backup target present',
    description: 'Skips the backup when the target folder is missing or its disk or share is not mounted.',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: false,
    params: [
      {
        name: 'TARGET_PATH',
        label: 'Target folder',
        description: 'The folder the backup writes to, e.g. the repository on an external disk.',
        default: { linux: '/mnt/backup', darwin: '/Volumes/Backup', win32: 'E:\\Backup' },
        required: true,
        kind: 'path',
      },
      {
        name: 'REQUIRE_MOUNT',
        label: 'Must be on a mounted disk',
        description: '1: the folder must not be on the system disk (catches an unplugged disk\'s empty mount folder); 0: the folder existing is enough.',
        default: '1',
        required: true,
        kind: 'flag',
      },
    ],
  },
  {
    id: 'battery',
    name: 'Battery above threshold',
    description: 'Skips the backup on battery power below MIN_PERCENT; passes on AC power and without a battery.',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: true,
    params: [
      { name: 'MIN_PERCENT', label: 'Minimum battery', description: 'Whole percent, 0–100, e.g. 40.', default: '40', required: true, kind: 'number' },
    ],
  },
  {
    id: 'ac',
    name: 'On AC power',
    description: 'Skips the backup on battery power; a running backup stops when the charger is unplugged.',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: true,
    params: [],
  },
  {
    id: 'unmetered',
    name: 'Not on a metered network',
    description: 'Skips the backup on a metered connection (phone hotspot, mobile data); a running one stops on a switch to it.',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: true,
    params: [],
  },
  {
    id: 'wifi',
    name: 'Only on allowed Wi-Fi',
    description: 'Skips the backup on Wi-Fi networks not named in ALLOWED_SSIDS (wired passes unless ALLOW_NOT_WIFI=0).',
    conditions: START,
    onError: 'ON_ERROR_CANCEL',
    timeoutSec: 30,
    guard: true,
    params: [
      { name: 'ALLOWED_SSIDS', label: 'Allowed networks', description: 'Wi-Fi names, comma-separated, exact, e.g. Home,Office.', default: '', required: true, kind: 'list' },
      {
        name: 'ALLOW_NOT_WIFI',
        label: 'Pass when not on Wi-Fi',
        description: '1: a wired connection (or an unreadable network name) passes; 0: only the listed Wi-Fi networks pass.',
        default: '1',
        required: true,
        kind: 'flag',
      },
    ],
  },
  {
    id: 'healthchecks',
    name: 'healthchecks.io ping',
    description: 'When a backup ends, pings the check\'s URL, or URL/fail with the error when it failed.',
    conditions: END,
    onError: 'ON_ERROR_IGNORE',
    timeoutSec: 60,
    guard: false,
    // Its script tells a skip apart (it pings URL/log, not success), so it may hear of skips.
    alsoAfterSkip: true,
    params: [
      { name: 'HC_URL', label: 'Ping URL', description: 'The check\'s ping URL, e.g. https://hc-ping.com/your-uuid.', default: '', required: true, kind: 'url' },
    ],
  },
  {
    id: 'notify',
    name: 'Desktop notification',
    description: 'Shows a desktop notification when a backup ends: done, skipped or failed, with the error.',
    conditions: END,
    onError: 'ON_ERROR_IGNORE',
    timeoutSec: 15,
    guard: false,
    alsoAfterSkip: true,
    params: [],
  },
];

export function flavourFor(platform: GalleryPlatform | NodeJS.Platform): GalleryFlavour {
  return platform === 'win32' ? 'windows' : 'posix';
}

/** The platforms the gallery writes for; others (BSDs) get the POSIX scripts under Linux's defaults. */
export function galleryPlatform(platform: NodeJS.Platform): GalleryPlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/** Every gallery item, with scripts and defaults for `platform`. */
export function galleryItems(platform: GalleryPlatform = galleryPlatform(process.platform)): GalleryItem[] {
  const flavour = flavourFor(platform);
  return CATALOG.map((e) => ({
    id: e.id,
    name: e.name,
    description: e.description,
    conditions: [...e.conditions],
    onError: e.onError,
    timeoutSec: e.timeoutSec,
    guard: e.guard,
    ...(e.alsoAfterSkip ? { alsoAfterSkip: true } : {}),
    flavour,
    script: flavour === 'windows' ? WINDOWS_SCRIPTS[e.id] : POSIX_SCRIPTS[e.id],
    params: e.params.map((p) => ({ ...p, default: typeof p.default === 'string' ? p.default : p.default[platform] })),
  }));
}

export const GALLERY_IDS: readonly string[] = CATALOG.map((e) => e.id);
