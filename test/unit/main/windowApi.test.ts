import { describe, expect, it } from 'vitest';
import { operationHash, operationIdFromHash } from '../../../electron/shared/windowApi';

describe('the window hash that opens a run', () => {
  it('round-trips any operation id', () => {
    for (const id of ['op-20261126-abc', 'with space', 'slash/and#hash', 'ünïcode']) expect(operationIdFromHash(operationHash(id))).toBe(id);
  });

  it('is null for any other hash', () => {
    for (const h of ['', '#', '#/history', '#/history/', '#/hooks/x', '#/history/a/b', '#/history/%E0%A4%A']) expect(operationIdFromHash(h), h).toBeNull();
  });
});
