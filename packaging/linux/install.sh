#!/bin/sh
# Install the frozen app (dist/hrd-desk from `make package`, or an unpacked release tarball)
# for one user (default, no root) or system-wide:
#   packaging/linux/install.sh [BUNDLE_DIR] [PREFIX]     # defaults: dist/hrd-desk  ~/.local
#   sudo packaging/linux/install.sh dist/hrd-desk /usr/local
# Puts the app in PREFIX/lib/hrd-desk, a link in PREFIX/bin, the .desktop entry and the icons
# in PREFIX/share. Uninstall: remove those (the script prints them).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bundle=${1:-dist/hrd-desk}
prefix=${2:-$HOME/.local}
[ -x "$bundle/hrd-desk" ] || { echo "no $bundle/hrd-desk: run make package first" >&2; exit 1; }
icons=$bundle/_internal/resources/icons

umask 022  # installed files are the app's, readable by everyone; the user's data stays 0700
mkdir -p "$prefix/lib" "$prefix/bin" "$prefix/share/applications"
rm -rf "$prefix/lib/hrd-desk"
cp -a "$bundle" "$prefix/lib/hrd-desk"
ln -sf "$prefix/lib/hrd-desk/hrd-desk" "$prefix/bin/hrd-desk"
# Exec= with the full path, so the menu entry works even when PREFIX/bin is not on PATH.
sed -e "s|^Exec=hrd-desk|Exec=$prefix/bin/hrd-desk|" -e "s|^TryExec=hrd-desk|TryExec=$prefix/bin/hrd-desk|" \
  "$here/hrd-desk.desktop" > "$prefix/share/applications/hrd-desk.desktop"
for png in "$icons"/hrd-desk-*.png; do
  size=$(basename "$png" .png | sed 's/^hrd-desk-//')
  mkdir -p "$prefix/share/icons/hicolor/${size}x${size}/apps"
  cp "$png" "$prefix/share/icons/hicolor/${size}x${size}/apps/hrd-desk.png"
done
mkdir -p "$prefix/share/icons/hicolor/scalable/apps"
cp "$icons/hrd-desk.svg" "$prefix/share/icons/hicolor/scalable/apps/hrd-desk.svg"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$prefix/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
echo "installed: $prefix/lib/hrd-desk, $prefix/bin/hrd-desk,"
echo "           $prefix/share/applications/hrd-desk.desktop, $prefix/share/icons/hicolor/*/apps/hrd-desk.*"
