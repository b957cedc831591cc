// The gallery's scripts for Linux and macOS: POSIX sh (dash, bash, macOS's sh), no bashisms, no
// tools beyond what both systems ship (df, awk, curl or wget). The machine facts come from
// Hookgate ($HOOKGATE_ON_AC, …: 1, 0, or empty when unknown), so no script reads /sys or pmset.
// Settings arrive as the hook's environment variables, never spliced into the script, so a
// value with quotes or `$` cannot change what runs. A fact Hookgate cannot read never blocks a
// backup on its own; the reason then says it was unknown.

/** Prints a line and makes it the reason Hookgate shows ($HOOKGATE_STATUS_FILE). */
const SAY = `say() {
  echo "$1"
  if [ -n "\${HOOKGATE_STATUS_FILE:-}" ]; then printf '%s\\n' "$1" > "$HOOKGATE_STATUS_FILE"; fi
}`;

const sh = (comment: string, body: string): string => `#!/bin/sh\n${comment
  .trim()
  .split('\n')
  .map((l) => `# ${l}`)
  .join('\n')}\n${SAY}\n\n${body.trim()}\n`;

export const POSIX_SCRIPTS = {
  internet: sh(
    `
Internet connectivity: Hookgate's own reading first (no network at all fails at once),
then one request to CHECK_URL (empty: Hookgate's reading alone decides).`,
    `
if [ "\${HOOKGATE_ONLINE:-}" = 0 ]; then say "offline: no network connection"; exit 1; fi
url="\${CHECK_URL:-}"
if [ -z "$url" ]; then
  if [ "\${HOOKGATE_ONLINE:-}" = 1 ]; then say "online"; exit 0; fi
  say "online state unknown and no CHECK_URL to try; not blocking"
  exit 0
fi
if command -v curl >/dev/null 2>&1; then
  if err=$(curl -fsS -o /dev/null --max-time 10 "$url" 2>&1); then say "online: $url answered"; exit 0; fi
elif command -v wget >/dev/null 2>&1; then
  if err=$(wget -q -T 10 -t 1 -O /dev/null "$url" 2>&1); then say "online: $url answered"; exit 0; fi
else
  if [ "\${HOOKGATE_ONLINE:-}" = 1 ]; then say "online (no curl or wget to try $url)"; exit 0; fi
  say "no curl or wget to try $url, and the online state is unknown; not blocking"
  exit 0
fi
say "no internet: $url did not answer\${err:+: $err}"
exit 1`,
  ),

  target: sh(
    `
The backup target folder must be there; with REQUIRE_MOUNT=1 it must also be on a mounted disk
or share, not on the system disk (an unplugged disk leaves its empty mount folder behind, and a
backup into it would fill the internal disk).`,
    `
dir="\${TARGET_PATH:-}"
if [ -z "$dir" ]; then say "TARGET_PATH is empty: name the backup target folder"; exit 2; fi
if [ ! -d "$dir" ]; then say "$dir is not there (disk not connected or share not mounted?)"; exit 1; fi
if [ "\${REQUIRE_MOUNT:-1}" = 1 ]; then
  # df -P prints one line per filesystem; the mount point is the last field (it may hold spaces).
  mnt=$(df -P "$dir" 2>/dev/null | awk 'NR == 2 { for (i = 6; i <= NF; i++) printf "%s%s", $i, (i < NF ? " " : "") }')
  case "$mnt" in
    "") say "cannot tell which disk holds $dir (df failed)"; exit 1 ;;
    / | /System/Volumes/Data) say "$dir is on the system disk, not on a mounted backup disk"; exit 1 ;;
  esac
  say "$dir is present (on $mnt)"
  exit 0
fi
say "$dir is present"`,
  ),

  battery: sh(
    `
Passes on AC power and on machines without a battery; on battery it needs MIN_PERCENT or more.`,
    `
min="\${MIN_PERCENT:-40}"
case "$min" in '' | *[!0-9]*) say "MIN_PERCENT must be a whole number of percent, got \\"$min\\""; exit 2 ;; esac
pct="\${HOOKGATE_BATTERY_PERCENT:-}"
if [ "\${HOOKGATE_BATTERY_PRESENT:-}" = 0 ]; then say "no battery"; exit 0; fi
if [ "\${HOOKGATE_ON_AC:-}" = 1 ]; then
  if [ -n "$pct" ]; then say "on AC power (battery at $pct %)"; else say "on AC power"; fi
  exit 0
fi
if [ -z "$pct" ]; then say "battery level unknown; not blocking"; exit 0; fi
if [ "$pct" -lt "$min" ]; then say "battery at $pct % (below $min %)"; exit 1; fi
say "battery at $pct %"`,
  ),

  ac: sh(
    `
Passes only on AC power (a machine without a battery is always on mains).`,
    `
pct="\${HOOKGATE_BATTERY_PERCENT:-}"
case "\${HOOKGATE_ON_AC:-}" in
  1) say "on AC power"; exit 0 ;;
  0)
    if [ -n "$pct" ]; then say "on battery power (battery at $pct %)"; else say "on battery power"; fi
    exit 1
    ;;
esac
if [ "\${HOOKGATE_BATTERY_PRESENT:-}" = 0 ]; then say "no battery: on mains power"; exit 0; fi
say "power source unknown; not blocking"`,
  ),

  unmetered: sh(
    `
Fails on a metered connection (a phone hotspot, a mobile plan, a network marked metered).`,
    `
ssid="\${HOOKGATE_WIFI_SSID:-}"
case "\${HOOKGATE_METERED:-}" in
  1)
    if [ -n "$ssid" ]; then say "on a metered network (Wi-Fi \\"$ssid\\")"; else say "on a metered network"; fi
    exit 1
    ;;
  0) say "network not metered"; exit 0 ;;
esac
say "metered state unknown; not blocking"`,
  ),

  wifi: sh(
    `
Passes only on the Wi-Fi networks named in ALLOWED_SSIDS (comma-separated, exact names).
Off Wi-Fi (wired, or the name cannot be read) it passes when ALLOW_NOT_WIFI=1.`,
    `
allowed="\${ALLOWED_SSIDS:-}"
ssid="\${HOOKGATE_WIFI_SSID:-}"
if [ -z "$allowed" ]; then say "ALLOWED_SSIDS is empty: name the Wi-Fi networks to allow, comma-separated"; exit 2; fi
if [ -z "$ssid" ]; then
  if [ "\${ALLOW_NOT_WIFI:-1}" = 1 ]; then say "not on Wi-Fi (wired, or the network name is unknown)"; exit 0; fi
  say "not on an allowed Wi-Fi network (not on Wi-Fi, or its name is unknown)"
  exit 1
fi
# Split on commas only: no globbing, no other word splitting.
set -f
old_ifs=$IFS
IFS=,
set -- $allowed
IFS=$old_ifs
for name in "$@"; do
  name="\${name#"\${name%%[![:space:]]*}"}"
  name="\${name%"\${name##*[![:space:]]}"}"
  if [ "$name" = "$ssid" ]; then say "on allowed Wi-Fi \\"$ssid\\""; exit 0; fi
done
say "Wi-Fi \\"$ssid\\" is not allowed (allowed: $allowed)"
exit 1`,
  ),

  healthchecks: sh(
    `
Pings healthchecks.io (or a self-hosted instance) when a backup ends: the check's URL on success,
URL/fail with the error as the log on failure. A skipped backup sends URL/log, so it shows in the
check's events without counting as a run (missed runs still raise the alarm).`,
    `
url="\${HC_URL:-}"
if [ -z "$url" ]; then say "HC_URL is empty: paste the check's ping URL (https://hc-ping.com/…)"; exit 2; fi
url="\${url%/}"
{{ if .Error -}}
to="$url/fail"
body="\${HOOKGATE_PLAN:-backup}: \${HOOKGATE_ERROR:-}"
{{ else if eq .Decision "skip" -}}
to="$url/log"
body="\${HOOKGATE_PLAN:-backup}: skipped"
{{ else -}}
to="$url"
body="\${HOOKGATE_PLAN:-backup}: done"
{{ end -}}
if command -v curl >/dev/null 2>&1; then
  err=$(printf '%s' "$body" | curl -fsS -o /dev/null --max-time 10 --retry 3 --data-binary @- "$to" 2>&1)
elif command -v wget >/dev/null 2>&1; then
  err=$(wget -q -T 10 -t 3 -O /dev/null --post-data="$body" "$to" 2>&1)
else
  say "neither curl nor wget is installed"
  exit 1
fi
status=$?
if [ "$status" -ne 0 ]; then say "could not ping $to: \${err:-exit $status}"; exit 1; fi
say "pinged $to"`,
  ),

  notify: sh(
    `
A desktop notification when a backup ends: done, skipped or failed, with the plan and the error.
Linux: notify-send (libnotify) or gdbus; macOS: osascript (Notification Center).`,
    `
plan="\${HOOKGATE_PLAN:-backup}"
if [ -n "\${HOOKGATE_ERROR:-}" ]; then
  title="Backup failed"
  body="$plan: $HOOKGATE_ERROR"
elif [ "\${HOOKGATE_DECISION:-}" = skip ]; then
  title="Backup skipped"
  body="$plan"
else
  title="Backup done"
  body="$plan"
fi
case "$(uname -s)" in
  Darwin)
    # The texts go in as arguments, never into the AppleScript source.
    osascript -e 'on run argv' -e 'display notification (item 2 of argv) with title (item 1 of argv)' -e 'end run' "$title" "$body" || exit 1
    ;;
  *)
    # A hook started from cron or a systemd timer has no session bus address; the user's is the usual one.
    if [ -z "\${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -S "/run/user/$(id -u)/bus" ]; then
      DBUS_SESSION_BUS_ADDRESS="unix:path=/run/user/$(id -u)/bus"
      export DBUS_SESSION_BUS_ADDRESS
    fi
    if command -v notify-send >/dev/null 2>&1; then
      notify-send --app-name=Hookgate "$title" "$body" || exit 1
    elif command -v gdbus >/dev/null 2>&1; then
      gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \\
        --method org.freedesktop.Notifications.Notify Hookgate 0 '' "$title" "$body" '[]' '{}' 8000 >/dev/null || exit 1
    else
      say "no notify-send or gdbus to show a notification (install libnotify-bin)"
      exit 1
    fi
    ;;
esac
say "notified: $title"`,
  ),
} as const;

export type GalleryScriptId = keyof typeof POSIX_SCRIPTS;
