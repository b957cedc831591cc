// Back In Time: its user-callback (next to its config), called with the profile id, the profile
// name and a reason: 1 a snapshot begins (a non-zero exit cancels it), 3 a new snapshot was taken,
// 4 an error (its code and message), 2 the snapshot ends. A callback the user already has is kept
// byte for byte as user-callback.before-hookgate and called first, with the same arguments.
import { BIT_MARK } from '../discovery/backInTime';
import { shellQuote } from './shellWords';

export const BIT_CHAINED = 'user-callback.before-hookgate';

export function backInTimeCallback(bin: string, id: string, chained: boolean): string {
  return `#!/bin/sh
${BIT_MARK} ${id}
# Back In Time runs this with: profile id, profile name, reason (1 begins, 2 ends, 3 new snapshot,
# 4 error, 5–8 app and mounts), then the reason's details. "hookgate plans disconnect ${id}"
# puts back what was here before.
HOOKGATE=${shellQuote(bin)}
PLAN=${id}
# Between "begins" and "ends" the snapshot id and errors are kept here (private to this user).
STATE="\${XDG_STATE_HOME:-$HOME/.local/state}/hookgate"
rc=0
${
  chained
    ? `# The user-callback that was here before Hookgate connected, called first.
"$(dirname "$0")/${BIT_CHAINED}" "$@"
rc=$?
`
    : ''
}case "$3" in
1)
    # The earlier callback cancelled the snapshot: Back In Time stops here.
    [ "$rc" -ne 0 ] && exit "$rc"
    mkdir -p -m 700 "$STATE" && rm -f "$STATE/$PLAN.snapshot" "$STATE/$PLAN.errors"
    # Hookgate's hooks decide; a skip (or hookgate not running at all) exits non-zero and cancels it.
    # exec: hookgate's caller is then Back In Time itself, which Hookgate watches until the snapshot ends
    # (this script exits at once, and would look like a backup that ended without a report).
    exec "$HOOKGATE" signal snapshot-start --plan "$PLAN" --task "$2"
    ;;
3)
    mkdir -p -m 700 "$STATE" && printf '%s\\n' "$4" > "$STATE/$PLAN.snapshot"
    ;;
4)
    mkdir -p -m 700 "$STATE" && printf 'Back In Time error %s%s\\n' "$4" "\${5:+: $5}" >> "$STATE/$PLAN.errors"
    ;;
2)
    snap=$(cat "$STATE/$PLAN.snapshot" 2>/dev/null)
    if [ -s "$STATE/$PLAN.errors" ]; then
        "$HOOKGATE" signal snapshot-end --plan "$PLAN" --task "$2" --status error --error "$(cat "$STATE/$PLAN.errors")" \${snap:+--snapshot-id "$snap"}
    else
        "$HOOKGATE" signal snapshot-end --plan "$PLAN" --task "$2" --status success \${snap:+--snapshot-id "$snap"}
    fi
    rm -f "$STATE/$PLAN.snapshot" "$STATE/$PLAN.errors"
    ;;
esac
exit "$rc"
`;
}
