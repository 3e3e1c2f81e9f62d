#!/usr/bin/env sh
# Add Windfall to this user's applications menu and open model files and workspaces with it.
# Run from the unpacked bundle: sh install-desktop-entry.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/mime/packages" "$data/icons/hicolor/scalable/apps"
sed "s|^Exec=windfall |Exec=\"$here/windfall\" |" "$here/share/applications/windfall.desktop" \
    > "$data/applications/windfall.desktop"
cp "$here/share/mime/packages/windfall.xml" "$data/mime/packages/windfall.xml"
cp "$here/share/icons/hicolor/scalable/apps/windfall.svg" "$data/icons/hicolor/scalable/apps/"
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
echo "Windfall is in the applications menu; .mdl, .xmile, .stmx, .itmx and .windfall files open with it."
