// Electron tells the main process when the machine goes on AC or battery power, and when it wakes:
// the moments a battery or AC gate's answer changes. The host then reads the facts at once.

export const POWER_EVENTS = ['on-ac', 'on-battery', 'resume', 'unlock-screen'] as const;

/** Calls `refresh` on each power event; returns the function that stops following them. */
export function followPowerEvents(
  powerMonitor: { on(event: string, listener: () => void): unknown; removeListener(event: string, listener: () => void): unknown },
  refresh: () => Promise<void>,
  log: (msg: string) => void = () => {},
): () => void {
  const handlers = POWER_EVENTS.map((event) => {
    const h = () => {
      refresh().catch((err: unknown) => log(`reading system facts after ${event}: ${(err as Error).message}`));
    };
    powerMonitor.on(event, h);
    return [event, h] as const;
  });
  return () => {
    for (const [event, h] of handlers) powerMonitor.removeListener(event, h);
  };
}
