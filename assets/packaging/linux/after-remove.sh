#!/bin/bash
# deb post-remove: drop the links after-install made, only if they still point into the app, and
# unload and remove the AppArmor profile it installed (electron-builder's own step, kept).
app='/opt/${sanitizedProductName}'
for link in '/usr/bin/${executable}' /usr/bin/hookgate; do
  if [ -L "$link" ] && case "$(readlink "$link")" in "$app"/*) true ;; *) false ;; esac; then
    rm -f "$link"
  fi
done

profile='/etc/apparmor.d/${executable}'
if [ -f "$profile" ]; then
  # Unloaded before it is deleted, so it is not left enforced until the next reboot.
  if apparmor_status --enabled > /dev/null 2>&1; then
    if ! { [ -x '/usr/bin/ischroot' ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
      apparmor_parser --remove "$profile" || true
    fi
  fi
  rm -f "$profile"
fi
