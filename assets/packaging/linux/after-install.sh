#!/bin/bash
# deb post-install: electron-builder's own steps (the app on PATH as hookgate-app, chrome-sandbox
# mode, desktop database, the AppArmor profile), plus the `hookgate` CLI as /usr/bin/hookgate.
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

# The AppArmor profile electron-builder ships in resources/ (its after-install step, kept). Ubuntu
# 24.04 and later restrict unprivileged user namespaces to profiles that allow them; without this
# one the app, and its autostart entry at every login, die at launch with "The SUID sandbox helper
# binary was found, but is not configured correctly". AppArmor too old for the profile's abi/4.0
# (Ubuntu 22.04) does not need it: the dry run below fails there and it is skipped.
if apparmor_status --enabled > /dev/null 2>&1; then
  profile_source="$app/resources/apparmor-profile"
  profile_target='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$profile_source" > /dev/null 2>&1; then
    cp -f "$profile_source" "$profile_target"
    # Loading it into the kernel makes no sense in a chroot (an image being prepared).
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --replace --write-cache --skip-read-cache "$profile_target"
    fi
  else
    echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
  fi
fi
