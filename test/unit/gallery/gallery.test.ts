// The gallery's items and settings, and every script as each interpreter would parse it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryItems, hookFromGallery, GalleryError, GALLERY_IDS } from '../../../electron/core/gallery';
import { renderHookScript } from '../../../electron/core/template';
import { galleryItemSchema } from '../../../electron/shared/gallery';
import { hookSchema } from '../../../electron/shared/config';

const PLATFORMS = ['linux', 'darwin', 'win32'] as const;

function vars(event: string, extra: Record<string, unknown> = {}) {
  return { Event: event, Task: 'backup', Plan: { Id: 'docs' }, Repo: { Id: 'usb' }, Decision: 'proceed', ...extra };
}

describe('gallery items', () => {
  it('offers the eight hooks of the issue, each with a one-line description, on every platform', () => {
    expect(GALLERY_IDS).toEqual(['internet', 'target', 'battery', 'ac', 'unmetered', 'wifi', 'healthchecks', 'notify']);
    for (const platform of PLATFORMS) {
      for (const item of galleryItems(platform)) {
        expect(() => galleryItemSchema.parse(item)).not.toThrow();
        expect(item.description).not.toContain('\n');
        expect(item.description.length).toBeLessThan(130);
        expect(item.flavour).toBe(platform === 'win32' ? 'windows' : 'posix');
        expect(item.script.split('\n')[0]).toMatch(platform === 'win32' ? /^#!powershell\.exe .*-File$/ : /^#!\/bin\/sh$/);
      }
    }
  });

  it('START checks cancel the backup and the fact-based ones guard a running backup; END hooks never stop anything', () => {
    const byId = Object.fromEntries(galleryItems('linux').map((i) => [i.id, i]));
    for (const id of ['internet', 'battery', 'ac', 'unmetered', 'wifi']) expect(byId[id]).toMatchObject({ conditions: ['CONDITION_SNAPSHOT_START'], onError: 'ON_ERROR_CANCEL', guard: true });
    expect(byId.target).toMatchObject({ onError: 'ON_ERROR_CANCEL', guard: false });
    for (const id of ['healthchecks', 'notify']) expect(byId[id]).toMatchObject({ conditions: ['CONDITION_SNAPSHOT_END'], onError: 'ON_ERROR_IGNORE', guard: false });
    // Both tell a skip apart (healthchecks pings URL/log, the notification says "skipped"): they opt in.
    expect(byId.healthchecks!.alsoAfterSkip).toBe(true);
    expect(byId.notify!.alsoAfterSkip).toBe(true);
  });

  it('gives platform defaults for the target folder', () => {
    const target = (p: (typeof PLATFORMS)[number]) => galleryItems(p).find((i) => i.id === 'target')!.params[0]!.default;
    expect([target('linux'), target('darwin'), target('win32')]).toEqual(['/mnt/backup', '/Volumes/Backup', 'E:\\Backup']);
  });
});

describe('hookFromGallery', () => {
  it('makes a valid hook whose settings are its env, defaults filled in', () => {
    const hook = hookFromGallery('battery', { platform: 'linux', params: { MIN_PERCENT: '55' } });
    expect(hook).toMatchObject({ name: 'battery', guard: true, env: { MIN_PERCENT: '55' }, onError: 'ON_ERROR_CANCEL' });
    expect(hookSchema.parse({ id: 'b', ...hook }).env).toEqual({ MIN_PERCENT: '55' });
    expect(hookFromGallery('target', { platform: 'darwin' }).env).toEqual({ TARGET_PATH: '/Volumes/Backup', REQUIRE_MOUNT: '1' });
    expect(hookFromGallery('ac', { name: '  Charger  ' }).name).toBe('Charger');
  });

  it('names the hook by the short name the gallery lists it by (its id), one word the CLI takes unquoted; the item keeps its display name', () => {
    for (const item of galleryItems('linux')) {
      const params = item.params.some((p) => p.required && !p.default) ? Object.fromEntries(item.params.filter((p) => p.required && !p.default).map((p) => [p.name, p.kind === 'url' ? 'https://x.example/' : 'Home'])) : {};
      expect(hookFromGallery(item.id, { platform: 'linux', params }).name).toBe(item.id);
      expect(item.id).toMatch(/^[a-z][a-z0-9-]*$/);
    }
    expect(galleryItems('linux').find((i) => i.id === 'battery')!.name).toBe('Battery above threshold');
  });

  it('refuses unknown ids and settings, missing required ones and values that do not fit, naming which', () => {
    expect(() => hookFromGallery('coffee')).toThrow(/no gallery hook "coffee" \(there are: internet, target/);
    expect(() => hookFromGallery('ac', { params: { MIN_PERCENT: '3' } })).toThrow(/"ac": unknown setting "MIN_PERCENT" \(its settings: none\)/);
    expect(() => hookFromGallery('wifi')).toThrow(/ALLOWED_SSIDS \(Allowed networks\) is required/);
    expect(() => hookFromGallery('healthchecks', { params: { HC_URL: 'hc-ping.com/x' } })).toThrow(/HC_URL .* must be an http:\/\/ or https:\/\/ address, got "hc-ping.com\/x"/);
    expect(() => hookFromGallery('battery', { params: { MIN_PERCENT: '140' } })).toThrow(/MIN_PERCENT .* whole number 0–100, got "140"/);
    expect(() => hookFromGallery('target', { params: { REQUIRE_MOUNT: 'yes' } })).toThrow(/REQUIRE_MOUNT .* must be 1 or 0/);
    expect(() => hookFromGallery('target', { params: { TARGET_PATH: 'a\nb' } })).toThrow(/must be one line/);
    expect(() => hookFromGallery('battery')).not.toThrow();
    expect(() => hookFromGallery('x')).toThrow(GalleryError);
  });
});

describe('gallery scripts', () => {
  const events = [vars('CONDITION_SNAPSHOT_START'), vars('CONDITION_SNAPSHOT_END'), vars('CONDITION_SNAPSHOT_END', { Error: 'disk full' }), vars('CONDITION_SNAPSHOT_END', { Decision: 'skip' })];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookgate-gallery-'));

  it.each(['linux', 'darwin'] as const)('render for every event and parse with dash and bash (%s)', (platform) => {
    for (const item of galleryItems(platform)) {
      for (const v of events) {
        const script = renderHookScript(item.script, v);
        const file = path.join(dir, `${item.id}.sh`);
        fs.writeFileSync(file, script);
        for (const shell of ['dash', 'bash']) {
          expect(() => execFileSync(shell, ['-n', file], { stdio: 'pipe' }), `${item.id} with ${shell}`).not.toThrow();
        }
      }
    }
  });

  it('healthchecks picks the URL by {{ if .Error }}: /fail on error, /log on skip, the URL itself on success', () => {
    const script = galleryItems('linux').find((i) => i.id === 'healthchecks')!.script;
    expect(script).toContain('{{ if .Error -}}');
    expect(renderHookScript(script, events[2]!)).toContain('to="$url/fail"');
    expect(renderHookScript(script, events[3]!)).toContain('to="$url/log"');
    const ok = renderHookScript(script, events[1]!);
    expect(ok).toContain('to="$url"\n');
    expect(ok).not.toMatch(/to="\$url\/(fail|log)"/);
  });

  it('Windows scripts render for every event, with balanced braces and no text spliced into the code', () => {
    for (const item of galleryItems('win32')) {
      for (const v of events) {
        const script = renderHookScript(item.script, v);
        const count = (c: string) => script.split(c).length - 1;
        expect(count('{'), item.id).toBe(count('}'));
        expect(count('('), item.id).toBe(count(')'));
        expect(script, item.id).toContain('function Say([string]$Text)');
        // Settings and event text are read from the environment, never rendered into the script.
        expect(script).not.toContain('disk full');
      }
    }
  });

  it('no script puts event text (.Error, .Plan.Id, …) into the code: it reads $HOOKGATE_* instead', () => {
    for (const platform of PLATFORMS) {
      for (const item of galleryItems(platform)) {
        expect(item.script).not.toMatch(/\{\{[^}]*\.(Error|Plan|Repo|Task|SnapshotId)\b[^}]*\}\}(?<!if \.Error -?\}\})/);
      }
    }
  });
});
