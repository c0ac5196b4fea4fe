#!/usr/bin/env bash
# Installs the desktop entry, icon, MIME type and AppStream metadata for the current user
# (or system-wide with PREFIX=/usr/local). Run after `pip install`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app=io.github.netbuilder.NetBuilder
install -Dm644 "$here/$app.desktop" "$prefix/share/applications/$app.desktop"
install -Dm644 "$here/$app.metainfo.xml" "$prefix/share/metainfo/$app.metainfo.xml"
install -Dm644 "$here/$app.mime.xml" "$prefix/share/mime/packages/$app.xml"
install -Dm644 "$here/../resources/icons/netbuilder.svg" "$prefix/share/icons/hicolor/scalable/apps/$app.svg"
command -v update-mime-database >/dev/null && update-mime-database "$prefix/share/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$prefix/share/applications" || true
echo "installed NetBuilder's desktop entry under $prefix/share"
