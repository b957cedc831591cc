#!/bin/bash
# deb post-install: electron-builder's own steps (the app on PATH as hookgate-app, chrome-sandbox
# mode, desktop database), plus the `hookgate` CLI as /usr/bin/hookgate.
app='/opt/${sanitizedProductName}'

ln -sf "$app/${executable}" '/usr/bin/${executable}'
ln -sf "$app/resources/bin/hookgate" /usr/bin/hookgate

# SUID chrome-sandbox only where user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
  chmod 4755 "$app/chrome-sandbox" || true
else
  chmod 0755 "$app/chrome-sandbox" || true
fi

if hash update-desktop-database 2>/dev/null; then
  update-desktop-database /usr/share/applications || true
fi
