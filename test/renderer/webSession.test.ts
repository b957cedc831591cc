// The browser page's login exchange: the link's token leaves the address bar at once, is traded for
// the session secret, and the secret is kept in the tab's per-origin storage (never in a cookie or URL).
import { describe, expect, it, vi } from 'vitest';
import { webSessionSecret, type LoginEnv } from '../../renderer/src/api/webSocketApi';

function env(search: string, answer: { status: number; body: unknown }) {
  const store = new Map<string, string>();
  const e = {
    location: { search, pathname: '/', hash: '' },
    history: { replaceState: vi.fn() },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) },
    fetch: vi.fn(async () => new Response(JSON.stringify(answer.body), { status: answer.status })),
  };
  return { e: e as unknown as LoginEnv & typeof e, store };
}

describe('webSessionSecret', () => {
  it('takes the login token out of the address bar, posts it to /v1/login, and keeps the secret for this tab', async () => {
    const { e, store } = env('?login=abc&x=1', { status: 200, body: { secret: 's3cret' } });
    expect(await webSessionSecret(e)).toBe('s3cret');
    expect(e.history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
    expect(e.fetch).toHaveBeenCalledWith('/v1/login', expect.objectContaining({ method: 'POST', body: JSON.stringify({ login: 'abc' }) }));
    expect([...store.values()]).toEqual(['s3cret']);
    // A reload (no login in the address) uses the kept secret, without asking again.
    e.location.search = '';
    expect(await webSessionSecret(e)).toBe('s3cret');
    expect(e.fetch).toHaveBeenCalledTimes(1);
  });

  it("says why when the link is spent or expired, and when there is no login at all", async () => {
    const { e } = env('?login=old', { status: 403, body: { error: { code: 'unauthorized', message: 'this login link has expired (a link works for 2 minutes, once): ask the host for a new one (hookgate status --login-url)' } } });
    await expect(webSessionSecret(e)).rejects.toThrow('this login link has expired');
    expect(e.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    const none = env('', { status: 200, body: {} });
    await expect(webSessionSecret(none.e)).rejects.toThrow(/not logged in: open the login link/);
  });
});
