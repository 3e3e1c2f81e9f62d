#!/usr/bin/env sh
# Build the standalone app into dist/windfall/: the `windfall` program, everything it needs,
# and the desktop entry, icon and file types (dist/windfall/install-desktop-entry.sh).
# Usage, from anywhere: sh packaging/build.sh
set -eu
cd "$(dirname "$0")/.."
python3 -m venv build/bundle-venv
build/bundle-venv/bin/pip install -q . "pyinstaller>=6.10,<7"
build/bundle-venv/bin/pyinstaller --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/windfall.spec
share=dist/windfall/share
mkdir -p "$share/applications" "$share/mime/packages" "$share/icons/hicolor/scalable/apps"
cp packaging/linux/windfall.desktop "$share/applications/"
cp packaging/linux/windfall-mime.xml "$share/mime/packages/windfall.xml"
cp resources/windfall.svg "$share/icons/hicolor/scalable/apps/windfall.svg"
cp packaging/linux/install-desktop-entry.sh dist/windfall/
echo "built dist/windfall/windfall"
