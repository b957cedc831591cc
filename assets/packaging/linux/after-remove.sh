#!/bin/bash
# deb post-remove: drop the links after-install made, only if they still point into the app.
app='/opt/${sanitizedProductName}'
for link in '/usr/bin/${executable}' /usr/bin/hookgate; do
  if [ -L "$link" ] && case "$(readlink "$link")" in "$app"/*) true ;; *) false ;; esac; then
    rm -f "$link"
  fi
done
