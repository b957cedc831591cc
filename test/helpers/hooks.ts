// Writes a config with the given hooks into a HOOKGATE_HOME, validated by the real schema.
import fs from 'node:fs';
import path from 'node:path';
import { configSchema, type HookInput } from '../../electron/shared/config';

export function writeHooks(home: string, hooks: Partial<HookInput>[]): void {
  const config = configSchema.parse({
    hooks: hooks.map((h, i) => ({ id: h.id ?? `hook${i + 1}`, name: h.name ?? h.id ?? `hook ${i + 1}`, script: 'exit 0', ...h })),
  });
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(home, 'config.json'), JSON.stringify(config, null, 2));
}

/** A hook that appends "<Event> <Error>" to $MARK, to see which events fired and what they saw. */
export function markerHook(id: string, conditions: string[], markFile: string, extra: Partial<HookInput> = {}): Partial<HookInput> {
  return {
    id,
    conditions: conditions as HookInput['conditions'],
    script: '#!/bin/sh\nprintf "%s %s|%s\\n" "{{ .Event }}" {{ .Error | printf "%q" }} {{ .SnapshotId | printf "%q" }} >> "$MARK"\n',
    env: { MARK: markFile },
    ...extra,
  };
}

export function readMarks(markFile: string): string[] {
  return fs.existsSync(markFile) ? fs.readFileSync(markFile, 'utf8').split('\n').filter(Boolean) : [];
}
