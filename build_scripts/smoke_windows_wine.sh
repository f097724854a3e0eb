#!/usr/bin/env bash
# Windows installer smoke test on Linux, under wine (not part of CI; the release workflow runs
# the real thing on Windows): compile build_scripts/windows/luxcanvas.iss with Inno Setup's
# ISCC against a stand-in onedir app (or a real one), then install silently, upgrade, and
# uninstall twice (keeping, then purging the user's data), checking files, the Start-menu
# shortcut and the registry after each step. What it proves is the installer's own logic:
# versions, per-user paths, file associations, what the uninstaller removes and what it keeps.
#
#   bash build_scripts/smoke_windows_wine.sh                   # stand-in app, version 0.2.0rc1
#   bash build_scripts/smoke_windows_wine.sh --app DIR         # a PyInstaller onedir for Windows
#   bash build_scripts/smoke_windows_wine.sh --version 1.2.3
#   bash build_scripts/smoke_windows_wine.sh --install         # as root: install wine first
#
# Needs wine with its 32-bit part (ISCC is a 32-bit program), Xvfb (Setup needs a display) and
# Inno Setup from the npm package `innosetup` (ISCC 6.4.1; the workflow pins Chocolatey's
# INNOSETUP_VERSION). With --install, as root on Debian: `dpkg --add-architecture i386`, then
# wine, wine32:i386, xvfb (with `-t <codename>` from main when the i386 security index is
# broken on the mirror). Only on request, because it changes the machine: with i386 libraries
# beside the amd64 ones, `dpkg -s libglib2.0-0` (and libdbus-1-3, libfontconfig1) says "ambiguous
# package name", which prerequisite checks such as smoke_linux.sh's take for a missing package,
# and `apt-get update` then fails on that broken i386 index. To undo it: purge the :i386
# packages, then `dpkg --remove-architecture i386`. Everything else goes to build/wine/
# (ignored by git); the repository itself is only read.
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/.."
ROOT=$PWD

APP_SRC=""
VERSION="0.2.0rc1"
INSTALL=0
INNOSETUP_NPM=${INNOSETUP_NPM:-innosetup@6.4.1}
while [ $# -gt 0 ]; do
  case "$1" in
    --app) APP_SRC=$(cd "$2" && pwd); shift 2 ;;
    --version) VERSION=$2; shift 2 ;;
    --install) INSTALL=1; shift ;;
    *) echo "usage: $0 [--app DIR] [--version VERSION] [--install]" >&2; exit 2 ;;
  esac
done

WORK="$ROOT/build/wine"
export WINEPREFIX="$WORK/prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono/Gecko install prompts
say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

# -- prerequisites ------------------------------------------------------------------------------
have_wine32() { dpkg -s wine32:i386 >/dev/null 2>&1 || dpkg -s wine32 >/dev/null 2>&1; }
if ! command -v wine >/dev/null || ! have_wine32 || ! command -v Xvfb >/dev/null; then
  [ "$INSTALL" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || {
    echo "needs wine, wine32 (i386) and xvfb: run as root with --install (see the top of $0)" >&2
    exit 1
  }
  say "installing wine (with 32-bit support) and Xvfb"
  dpkg --add-architecture i386
  apt-get update -qq >/dev/null 2>&1 || true  # a broken i386 security index is not fatal
  pkgs=(wine wine32:i386 wine64 xvfb xauth)
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" \
    >/dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -t "$codename" "${pkgs[@]}" >/dev/null
fi
ISCC="$WORK/npm/node_modules/innosetup/bin/ISCC.exe"
if [ ! -f "$ISCC" ]; then
  say "installing Inno Setup ($INNOSETUP_NPM from npm)"
  mkdir -p "$WORK/npm"
  npm install --silent --no-audit --no-fund --prefix "$WORK/npm" "$INNOSETUP_NPM" >/dev/null
fi
[ -f "$ISCC" ] || fail "no ISCC.exe in the npm package"

# One X server for the whole run: the uninstaller's copy outlives the command that started it.
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 &
XVFB_PID=$!
export DISPLAY=$display
cleanup() {
  wineserver -k >/dev/null 2>&1 || true
  kill "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT

if [ ! -f "$WINEPREFIX/system.reg" ]; then
  say "creating the wine prefix (Windows 10)"
  wineboot -i >/dev/null 2>&1
  winecfg -v win10 >/dev/null 2>&1  # wine reports Windows 7 otherwise; the installer needs 10
  wineserver -w
fi
winpath() { winepath -w "$1" 2>/dev/null; }
unixpath() { winepath -u "$1" 2>/dev/null; }
# Run a Windows program and wait until every process of the prefix has ended (the
# uninstaller hands over to a copy of itself, which `wine` alone does not wait for).
run() {
  local rc=0
  wine "$@" >/dev/null 2>&1 || rc=$?
  wineserver -w
  return $rc
}
reg_has_key() { wine reg query "$1" >/dev/null 2>&1; }
reg_has_value() { wine reg query "$1" /v "$2" >/dev/null 2>&1; }
reg_key_is_empty() {  # no values and no subkeys
  local out
  out=$(wine reg query "$1" 2>/dev/null | tr -d '\r' | grep -v '^\s*$' | tail -n +2)
  [ -z "$out" ]
}

LOCALAPPDATA=$(unixpath "$(wine cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')")
APPDATA=$(unixpath "$(wine cmd /c echo %APPDATA% 2>/dev/null | tr -d '\r')")
INSTALL_DIR="$LOCALAPPDATA/Programs/LuxCanvas"
DATA_DIR="$LOCALAPPDATA/LuxCanvas"
SHORTCUT="$APPDATA/Microsoft/Windows/Start Menu/Programs/LuxCanvas.lnk"
UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\{6F1C8E52-3C1B-4E8D-9B7A-5A2E4C7D9F10}_is1'
EXTENSIONS=(jpg jpeg png tif tiff webp bmp heic heif avif)

# A clean slate (the prefix is this script's own): no earlier install, no extension keys in
# HKCU; then one other program's "Open with" entry for .png, which the uninstall must leave.
rm -rf "$INSTALL_DIR" "$DATA_DIR" "$SHORTCUT"
for key in "$UNINSTALL_KEY" 'HKCU\Software\Classes\LuxCanvas.Image' \
  'HKCU\Software\Classes\Applications\LuxCanvas.exe'; do
  wine reg delete "$key" /f >/dev/null 2>&1 || true
done
for ext in "${EXTENSIONS[@]}"; do
  wine reg delete "HKCU\\Software\\Classes\\.$ext" /f >/dev/null 2>&1 || true
done
OTHER_KEY='HKCU\Software\Classes\.png\OpenWithProgids'
wine reg add "$OTHER_KEY" /v Other.Viewer /t REG_SZ /d "" /f >/dev/null 2>&1

# -- stage: the script, its icon and an onedir app in a tree of the repository's layout --------
STAGE="$WORK/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE/build_scripts/windows" "$STAGE/resources/icons"
cp build_scripts/windows/luxcanvas.iss "$STAGE/build_scripts/windows/"
cp resources/icons/luxcanvas.ico "$STAGE/resources/icons/"
ISS=$(winpath "$STAGE/build_scripts/windows/luxcanvas.iss")

stand_in() {  # a onedir app: an exe without version info, a library folder, one marker file
  local dir="$STAGE/dist/LuxCanvas" marker=$1
  rm -rf "$dir"
  mkdir -p "$dir/_internal/resources"
  printf 'MZ stand-in for LuxCanvas.exe\n' >"$dir/LuxCanvas.exe"
  printf 'library\n' >"$dir/_internal/base_library.zip"
  printf '%s\n' "$marker" >"$dir/_internal/$marker"
}
compile() {  # VERSION [extra ISCC arguments...]
  local version=$1
  shift
  local numeric
  numeric=$(python3 build_scripts/release_info.py windows-version "$version") || return 1
  wine "$ISCC" /Q "/DAppVersion=$version" "/DAppNumericVersion=$numeric" "$@" "$ISS" \
    >"$WORK/iscc.log" 2>&1
}
installer() { echo "$STAGE/dist/installer/LuxCanvas-Setup-$1.exe"; }

say "compiling the installer with $(basename "$(dirname "$(dirname "$ISCC")")") ($INNOSETUP_NPM)"
NUMERIC=$(python3 build_scripts/release_info.py windows-version "$VERSION")
if [ -n "$APP_SRC" ]; then
  rm -rf "$STAGE/dist/LuxCanvas" && mkdir -p "$STAGE/dist" && cp -a "$APP_SRC" "$STAGE/dist/LuxCanvas"
  mkdir -p "$STAGE/dist/LuxCanvas/_internal" && echo stale >"$STAGE/dist/LuxCanvas/_internal/stale.txt"
else
  stand_in stale.txt
fi
compile "$VERSION" || { cat "$WORK/iscc.log"; fail "ISCC could not compile version $VERSION"; }
ok "compiled $VERSION (VersionInfoVersion $NUMERIC)"
SETUP1=$(installer "$VERSION")
cp "$SETUP1" "$WORK/setup-old.exe"

# The numeric version is required, and must match a versioned exe.
if wine "$ISCC" /Q "/DAppVersion=$VERSION" "$ISS" >"$WORK/iscc-missing.log" 2>&1; then
  fail "ISCC compiled without AppNumericVersion"
fi
grep -q "Pass the numeric version" "$WORK/iscc-missing.log" || fail "no hint without AppNumericVersion"
ok "without AppNumericVersion the compile stops and says why"
# A versioned exe: the installer just built carries VersionInfoVersion $NUMERIC, so as a
# stand-in LuxCanvas.exe it must be accepted for $VERSION and refused for another version.
if [ -z "$APP_SRC" ]; then
  saved="$WORK/stand-in.exe"
  cp "$STAGE/dist/LuxCanvas/LuxCanvas.exe" "$saved"
  cp "$SETUP1" "$STAGE/dist/LuxCanvas/LuxCanvas.exe"
  compile "$VERSION" || { cat "$WORK/iscc.log"; fail "ISCC refused an exe of the same version"; }
  other=9.8.7
  [ "$(python3 build_scripts/release_info.py windows-version "$other")" != "$NUMERIC" ] || other=9.8.6
  if compile "$other"; then fail "ISCC accepted an exe whose version differs"; fi
  grep -q "another version than AppNumericVersion" "$WORK/iscc.log" \
    || { cat "$WORK/iscc.log"; fail "no hint for an exe of another version"; }
  cp "$saved" "$STAGE/dist/LuxCanvas/LuxCanvas.exe"
  compile "$VERSION" || fail "ISCC could not compile $VERSION again"
  ok "the exe's version resource must equal AppNumericVersion ($NUMERIC accepted, another refused)"
fi

# -- install ------------------------------------------------------------------------------------
check_installed() {
  [ -f "$INSTALL_DIR/LuxCanvas.exe" ] || fail "not installed at $INSTALL_DIR"
  [ -f "$INSTALL_DIR/unins000.exe" ] || fail "no uninstaller"
  [ -f "$SHORTCUT" ] || fail "no Start-menu shortcut at $SHORTCUT"
  reg_has_key "$UNINSTALL_KEY" || fail "no entry in Apps & features ($UNINSTALL_KEY)"
  reg_has_key 'HKCU\Software\Classes\LuxCanvas.Image\shell\open\command' || fail "no ProgID"
  for ext in "${EXTENSIONS[@]}"; do
    reg_has_value "HKCU\\Software\\Classes\\.$ext\\OpenWithProgids" LuxCanvas.Image \
      || fail "'Open with LuxCanvas' is not registered for .$ext"
  done
}
say "silent per-user install of $VERSION"
THEIRS="$INSTALL_DIR/not-from-the-installer.txt"
mkdir -p "$INSTALL_DIR"
echo "the user's own file, in the folder they chose" >"$THEIRS"
run "$(winpath "$SETUP1")" /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(winpath "$WORK/setup1.log")" || fail "setup exited non-zero (log: $WORK/setup1.log)"
check_installed
[ -f "$INSTALL_DIR/_internal/stale.txt" ] || fail "the first version's file is missing"
version_in_entry=$(wine reg query "$UNINSTALL_KEY" /v DisplayVersion 2>/dev/null | tr -d '\r' \
  | awk '/DisplayVersion/ {print $NF}')
[ "$version_in_entry" = "$VERSION" ] || fail "Apps & features says $version_in_entry, not $VERSION"
ok "installed: files, shortcut, uninstall entry ($version_in_entry), ProgID, ${#EXTENSIONS[@]} types"

# -- upgrade ------------------------------------------------------------------------------------
read -r major minor patch _ <<<"$(python3 build_scripts/release_info.py windows-version "$VERSION" | tr . ' ')"
UPGRADE_VERSION="$major.$minor.$((patch + 1))"
say "upgrade to $UPGRADE_VERSION (a file the old version had must go)"
if [ -n "$APP_SRC" ]; then
  rm -f "$STAGE/dist/LuxCanvas/_internal/stale.txt"
else
  stand_in fresh.txt
fi
compile "$UPGRADE_VERSION" || { cat "$WORK/iscc.log"; fail "ISCC could not compile $UPGRADE_VERSION"; }
SETUP2=$(installer "$UPGRADE_VERSION")
run "$(winpath "$SETUP2")" /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(winpath "$WORK/setup2.log")" || fail "upgrade exited non-zero"
check_installed
[ ! -e "$INSTALL_DIR/_internal/stale.txt" ] || fail "the upgrade left the old version's file"
[ -n "$APP_SRC" ] || [ -f "$INSTALL_DIR/_internal/fresh.txt" ] || fail "new file missing"
ok "upgraded; the old version's file is gone"

# -- uninstall, keeping the user's data ---------------------------------------------------------
check_uninstalled() {
  for path in "$INSTALL_DIR/LuxCanvas.exe" "$INSTALL_DIR/_internal" "$INSTALL_DIR/unins000.exe" \
    "$INSTALL_DIR/unins000.dat" "$SHORTCUT"; do
    [ ! -e "$path" ] || fail "uninstall left $path"
  done
  for key in "$UNINSTALL_KEY" 'HKCU\Software\Classes\LuxCanvas.Image' \
    'HKCU\Software\Classes\Applications\LuxCanvas.exe'; do
    ! reg_has_key "$key" || fail "uninstall left $key"
  done
  for ext in "${EXTENSIONS[@]}"; do
    ! reg_has_value "HKCU\\Software\\Classes\\.$ext\\OpenWithProgids" LuxCanvas.Image \
      || fail "uninstall left LuxCanvas.Image for .$ext"
    [ "$ext" = png ] && continue
    for key in "HKCU\\Software\\Classes\\.$ext\\OpenWithProgids" "HKCU\\Software\\Classes\\.$ext"; do
      ! reg_has_key "$key" || fail "uninstall left $key behind$(reg_key_is_empty "$key" && echo ' (empty)')"
    done
  done
  reg_has_value "$OTHER_KEY" Other.Viewer || fail "uninstall removed another program's entry"
}
say "silent uninstall (keeps the user's data)"
mkdir -p "$DATA_DIR"
echo "user data" >"$DATA_DIR/keep.txt"
run "$(winpath "$INSTALL_DIR/unins000.exe")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(winpath "$WORK/uninstall1.log")" || fail "uninstall exited non-zero"
check_uninstalled
[ -f "$DATA_DIR/keep.txt" ] || fail "uninstall deleted the user's data"
[ -f "$THEIRS" ] || fail "uninstall deleted a file it had not installed ($THEIRS)"
left=$(find "$INSTALL_DIR" -mindepth 1 ! -path "$THEIRS")
[ -z "$left" ] || fail "uninstall left: $left"
ok "uninstalled; user data and the user's own file kept; no empty keys left"

# -- uninstall with /PURGE, from a folder the installer created ---------------------------------
say "install again, then uninstall /PURGE (deletes the user's data)"
rm -rf "$INSTALL_DIR"
run "$(winpath "$SETUP2")" /VERYSILENT /CURRENTUSER /SUPPRESSMSGBOXES /NORESTART \
  "/LOG=$(winpath "$WORK/setup3.log")" || fail "setup exited non-zero"
check_installed
run "$(winpath "$INSTALL_DIR/unins000.exe")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /PURGE \
  "/LOG=$(winpath "$WORK/uninstall2.log")" || fail "uninstall /PURGE exited non-zero"
check_uninstalled
[ ! -e "$DATA_DIR" ] || fail "uninstall /PURGE left the user's data in $DATA_DIR"
[ ! -e "$INSTALL_DIR" ] || fail "uninstall left the install folder $INSTALL_DIR"
ok "uninstalled with /PURGE; user data and the install folder are gone"

say "Windows installer smoke test under wine passed ($VERSION -> $UPGRADE_VERSION)"
