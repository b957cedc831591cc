// A gallery item made into a hook to add: the user's settings checked and put into its env.
import type { GalleryItem, GalleryParam, GalleryPlatform } from '../../shared/gallery';
import type { NewHookInput } from '../config';
import { galleryItems, galleryPlatform, GALLERY_IDS } from './galleryCatalog';

/** An unknown gallery id or a setting that does not fit; the message names which and why. */
export class GalleryError extends Error {
  override name = 'GalleryError';
}

export interface GalleryHookOptions {
  /** Settings by name (`MIN_PERCENT`); a setting left out takes its default. */
  params?: Record<string, string>;
  platform?: GalleryPlatform;
  /** A name for the hook instead of the item's short name (its id: `battery`, `ac`, …). */
  name?: string;
}

export function galleryItem(id: string, platform: GalleryPlatform = galleryPlatform(process.platform)): GalleryItem {
  const item = galleryItems(platform).find((i) => i.id === id);
  if (!item) throw new GalleryError(`no gallery hook "${id}" (there are: ${GALLERY_IDS.join(', ')})`);
  return item;
}

/** The hook to add for gallery item `id`: its script for the platform, the settings in its env. */
export function hookFromGallery(id: string, opts: GalleryHookOptions = {}): NewHookInput {
  const item = galleryItem(id, opts.platform);
  const given = opts.params ?? {};
  for (const key of Object.keys(given)) {
    if (!item.params.some((p) => p.name === key)) {
      const known = item.params.map((p) => p.name).join(', ') || 'none';
      throw new GalleryError(`gallery hook "${id}": unknown setting "${key}" (its settings: ${known})`);
    }
  }
  const env: Record<string, string> = {};
  for (const p of item.params) {
    const value = (given[p.name] ?? p.default).trim();
    const problem = checkParam(p, value);
    if (problem) throw new GalleryError(`gallery hook "${id}": ${p.name} (${p.label}) ${problem}`);
    env[p.name] = value;
  }
  return {
    // The short name the gallery lists it by, one word the CLI takes without quotes.
    name: opts.name?.trim() || item.id,
    conditions: item.conditions as NewHookInput['conditions'],
    script: item.script,
    onError: item.onError,
    timeoutSec: item.timeoutSec,
    guard: item.guard,
    alsoAfterSkip: item.alsoAfterSkip ?? false,
    env,
  };
}

function checkParam(p: GalleryParam, value: string): string | null {
  if (value === '') return p.required ? 'is required' : null;
  if (/[\r\n\0]/.test(value)) return 'must be one line';
  switch (p.kind) {
    case 'number':
      return /^\d{1,3}$/.test(value) && Number(value) <= 100 ? null : `must be a whole number 0–100, got "${value}"`;
    case 'flag':
      return value === '0' || value === '1' ? null : `must be 1 or 0, got "${value}"`;
    case 'url':
      return /^https?:\/\/[^\s/]+\S*$/i.test(value) ? null : `must be an http:// or https:// address, got "${value}"`;
    default:
      return null;
  }
}
