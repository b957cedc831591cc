// The Wi-Fi SSID on Windows, from `netsh wlan show interfaces`. Its labels are translated
// ("State" is "Status" in German), but "SSID" is the same in every language, so only that line
// is read.
import { CommandError } from './commandRunner';
import type { FactsPatch, FactSource, SourceContext } from './factSource';

export const NETSH = 'netsh.exe';

/**
 * The SSID of the first connected wireless interface, or null when none is connected or there
 * is no wireless interface. Windows 11 24H2 refuses without location permission: that throws,
 * because the SSID is then unknown rather than absent.
 */
export function parseNetshWlanInterfaces(text: string): string | null {
  if (/location permission/i.test(text)) {
    throw new Error('netsh wlan: Windows needs location permission for Hookgate to read the Wi-Fi name (Settings → Privacy & security → Location)');
  }
  const m = /^\s*SSID\s*:\s?(.*)$/m.exec(text);
  if (!m) return null;
  const ssid = m[1].replace(/\r$/, '');
  return ssid === '' ? null : ssid;
}

export class WindowsWifiSource implements FactSource {
  readonly name = 'Wi-Fi (netsh)';
  readonly provides = ['wifiSSID'] as const;

  async read(ctx: SourceContext): Promise<FactsPatch> {
    let out: string;
    try {
      out = await ctx.run(NETSH, ['wlan', 'show', 'interfaces']);
    } catch (err) {
      // netsh exits 1 when there is no wireless interface or the WLAN service is stopped; its
      // message is on stdout.
      if (!(err instanceof CommandError && err.failure === 'exit')) throw err;
      if (/location permission/i.test(err.stdout)) return { wifiSSID: parseNetshWlanInterfaces(err.stdout) };
      return { wifiSSID: null };
    }
    return { wifiSSID: parseNetshWlanInterfaces(out) };
  }
}
