// The gallery's scripts for Windows: Windows PowerShell 5.1 (present on every Windows 10 and 11;
// PowerShell 7 runs them too). Same behaviour, reasons and settings as the POSIX ones; the machine
// facts come from Hookgate's environment variables ($env:HOOKGATE_ON_AC, …: 1, 0 or empty).
import type { GalleryScriptId } from './posixScripts';

/** `#!` picks the interpreter; -File needs the script path last, which is how hooks are run. */
const SHEBANG = '#!powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File';

/**
 * Prints a line and makes it the reason Hookgate shows. WriteAllText writes UTF-8 without a BOM
 * (Set-Content -Encoding UTF8 in PowerShell 5.1 would put one in front of the reason).
 */
const SAY = `function Say([string]$Text) {
  Write-Output $Text
  if ($env:HOOKGATE_STATUS_FILE) { [IO.File]::WriteAllText($env:HOOKGATE_STATUS_FILE, $Text) }
}`;

const ps = (comment: string, body: string): string => `${SHEBANG}\n${comment
  .trim()
  .split('\n')
  .map((l) => `# ${l}`)
  .join('\n')}\n${SAY}\n\n${body.trim()}\n`;

export const WINDOWS_SCRIPTS: Record<GalleryScriptId, string> = {
  internet: ps(
    `
Internet connectivity: Hookgate's own reading first (no network at all fails at once),
then one request to CHECK_URL (empty: Hookgate's reading alone decides).`,
    `
if ($env:HOOKGATE_ONLINE -eq '0') { Say 'offline: no network connection'; exit 1 }
$url = $env:CHECK_URL
if (-not $url) {
  if ($env:HOOKGATE_ONLINE -eq '1') { Say 'online'; exit 0 }
  Say 'online state unknown and no CHECK_URL to try; not blocking'
  exit 0
}
try {
  Invoke-WebRequest -Uri $url -UseBasicParsing -TimeoutSec 10 | Out-Null
  Say "online: $url answered"
  exit 0
} catch {
  Say "no internet: $url did not answer: $($_.Exception.Message)"
  exit 1
}`,
  ),

  target: ps(
    `
The backup target folder must be there; with REQUIRE_MOUNT=1 it must also be on another drive
than the system drive (a disk that is not plugged in, a share that is not connected).`,
    `
$dir = $env:TARGET_PATH
if (-not $dir) { Say 'TARGET_PATH is empty: name the backup target folder'; exit 2 }
if (-not (Test-Path -LiteralPath $dir -PathType Container)) { Say "$dir is not there (disk not connected or share not mounted?)"; exit 1 }
if ($env:REQUIRE_MOUNT -ne '0') {
  $full = (Resolve-Path -LiteralPath $dir).ProviderPath
  $root = [IO.Path]::GetPathRoot($full).TrimEnd('\\')
  if ($root -ieq $env:SystemDrive) { Say "$dir is on the system drive $($env:SystemDrive), not on a backup disk"; exit 1 }
  Say "$dir is present (on $root)"
  exit 0
}
Say "$dir is present"
exit 0`,
  ),

  battery: ps(
    `
Passes on AC power and on machines without a battery; on battery it needs MIN_PERCENT or more.`,
    `
$min = if ($env:MIN_PERCENT) { $env:MIN_PERCENT } else { '40' }
if ($min -notmatch '^[0-9]+$') { Say "MIN_PERCENT must be a whole number of percent, got \`"$min\`""; exit 2 }
$pct = $env:HOOKGATE_BATTERY_PERCENT
if ($env:HOOKGATE_BATTERY_PRESENT -eq '0') { Say 'no battery'; exit 0 }
if ($env:HOOKGATE_ON_AC -eq '1') {
  if ($pct) { Say "on AC power (battery at $pct %)" } else { Say 'on AC power' }
  exit 0
}
if (-not $pct) { Say 'battery level unknown; not blocking'; exit 0 }
if ([int]$pct -lt [int]$min) { Say "battery at $pct % (below $min %)"; exit 1 }
Say "battery at $pct %"
exit 0`,
  ),

  ac: ps(
    `
Passes only on AC power (a machine without a battery is always on mains).`,
    `
$pct = $env:HOOKGATE_BATTERY_PERCENT
if ($env:HOOKGATE_ON_AC -eq '1') { Say 'on AC power'; exit 0 }
if ($env:HOOKGATE_ON_AC -eq '0') {
  if ($pct) { Say "on battery power (battery at $pct %)" } else { Say 'on battery power' }
  exit 1
}
if ($env:HOOKGATE_BATTERY_PRESENT -eq '0') { Say 'no battery: on mains power'; exit 0 }
Say 'power source unknown; not blocking'
exit 0`,
  ),

  unmetered: ps(
    `
Fails on a metered connection (a phone hotspot, a mobile plan, a network set as metered).`,
    `
$ssid = $env:HOOKGATE_WIFI_SSID
if ($env:HOOKGATE_METERED -eq '1') {
  if ($ssid) { Say "on a metered network (Wi-Fi \`"$ssid\`")" } else { Say 'on a metered network' }
  exit 1
}
if ($env:HOOKGATE_METERED -eq '0') { Say 'network not metered'; exit 0 }
Say 'metered state unknown; not blocking'
exit 0`,
  ),

  wifi: ps(
    `
Passes only on the Wi-Fi networks named in ALLOWED_SSIDS (comma-separated, exact names).
Off Wi-Fi (wired, or the name cannot be read) it passes when ALLOW_NOT_WIFI=1.`,
    `
$allowed = $env:ALLOWED_SSIDS
$ssid = $env:HOOKGATE_WIFI_SSID
if (-not $allowed) { Say 'ALLOWED_SSIDS is empty: name the Wi-Fi networks to allow, comma-separated'; exit 2 }
if (-not $ssid) {
  if ($env:ALLOW_NOT_WIFI -ne '0') { Say 'not on Wi-Fi (wired, or the network name is unknown)'; exit 0 }
  Say 'not on an allowed Wi-Fi network (not on Wi-Fi, or its name is unknown)'
  exit 1
}
$names = @($allowed.Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ })
if ($names -ccontains $ssid) { Say "on allowed Wi-Fi \`"$ssid\`""; exit 0 }
Say "Wi-Fi \`"$ssid\`" is not allowed (allowed: $allowed)"
exit 1`,
  ),

  healthchecks: ps(
    `
Pings healthchecks.io (or a self-hosted instance) when a backup ends: the check's URL on success,
URL/fail with the error as the log on failure. A skipped backup sends URL/log, so it shows in the
check's events without counting as a run (missed runs still raise the alarm).`,
    `
$url = $env:HC_URL
if (-not $url) { Say "HC_URL is empty: paste the check's ping URL (https://hc-ping.com/...)"; exit 2 }
$url = $url.TrimEnd('/')
$plan = if ($env:HOOKGATE_PLAN) { $env:HOOKGATE_PLAN } else { 'backup' }
{{ if .Error -}}
$to = "$url/fail"
$body = "$($plan): $($env:HOOKGATE_ERROR)"
{{ else if eq .Decision "skip" -}}
$to = "$url/log"
$body = "$($plan): skipped"
{{ else -}}
$to = $url
$body = "$($plan): done"
{{ end -}}
$err = ''
for ($i = 1; $i -le 3; $i++) {
  try {
    Invoke-RestMethod -Method Post -Uri $to -Body $body -TimeoutSec 10 -UseBasicParsing | Out-Null
    Say "pinged $to"
    exit 0
  } catch {
    $err = $_.Exception.Message
    Start-Sleep -Seconds (2 * $i)
  }
}
Say "could not ping $($to): $err"
exit 1`,
  ),

  notify: ps(
    `
A desktop notification when a backup ends: done, skipped or failed, with the plan and the error.
Shown as a Windows toast under Windows PowerShell's name (no module to install).`,
    `
$plan = if ($env:HOOKGATE_PLAN) { $env:HOOKGATE_PLAN } else { 'backup' }
if ($env:HOOKGATE_ERROR) { $title = 'Backup failed'; $body = "$($plan): $($env:HOOKGATE_ERROR)" }
elseif ($env:HOOKGATE_DECISION -eq 'skip') { $title = 'Backup skipped'; $body = $plan }
else { $title = 'Backup done'; $body = $plan }
try {
  [Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] | Out-Null
  $xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)
  $texts = $xml.GetElementsByTagName('text')
  $texts.Item(0).AppendChild($xml.CreateTextNode($title)) | Out-Null
  $texts.Item(1).AppendChild($xml.CreateTextNode($body)) | Out-Null
  $toast = [Windows.UI.Notifications.ToastNotification]::new($xml)
  # Toasts need a registered app id; Windows PowerShell's own is always there.
  $appId = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'
  [Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($appId).Show($toast)
} catch {
  Say "could not show a notification: $($_.Exception.Message)"
  exit 1
}
Say "notified: $title"
exit 0`,
  ),
};
