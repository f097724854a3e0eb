#!/usr/bin/env bash
# Linux smoke build: freeze LuxCanvas with PyInstaller (onedir, the same spec as the Windows and
# macOS releases), run `--self-test` on the frozen app offscreen, and compare it with the source
# install. Prints the build time, the onedir size and launch-to-window times; exits non-zero when
# the build, the notices check, the bundle content check or any self-test check fails.
#
#   bash build_scripts/smoke_linux.sh          # from the repository root or anywhere
#
# Works from a clean clone (../shared beside it is only needed by the test suite), with CI=true
# and no stdin. Installs uv and the few system libraries Qt needs offscreen when they are missing
# (apt-get, as root). PyInstaller is a build tool: it is added with `uv run --with`, never to
# pyproject.toml. Output goes to build/smoke/ (ignored by git).
#
# Environment: SMOKE_STRICT=1 also fails when the size or launch-time targets are missed;
# PYINSTALLER_REQ overrides the pinned PyInstaller requirement.
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/.."
ROOT=$PWD

OUT="$ROOT/build/smoke"
APP="$OUT/dist/LuxCanvas/LuxCanvas"
PYINSTALLER_REQ=${PYINSTALLER_REQ:-pyinstaller==6.22.3}
HOOKS_REQ=${HOOKS_REQ:-pyinstaller-hooks-contrib==2026.9}
TARGET_MB=200      # onedir size target
TARGET_LAUNCH=1.5  # seconds from exec to the main window shown, frozen app

say() { printf '\n== %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }

# -- prerequisites ----------------------------------------------------------------------------
export PATH="$HOME/.local/bin:$HOME/.cargo/bin:$PATH"
if ! command -v uv >/dev/null 2>&1; then
  say "installing uv"
  python3 -m pip install --quiet uv || pip install --quiet uv
fi

# Qt offscreen needs EGL, xkbcommon, fontconfig, D-Bus and GLib; PyInstaller needs binutils
# (objdump/strip) to inspect and trim binaries.
need=()
for pkg in libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 binutils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "missing system packages (install them as root): ${need[*]}" >&2
    exit 1
  fi
fi

export QT_QPA_PLATFORM=offscreen
export UV_NO_PROGRESS=1
unset LAOZHANG_API_KEY  # the self-test never reads it; make sure it is not even there

say "third-party notices up to date"
uv run python build_scripts/make_notices.py --check

# -- build ------------------------------------------------------------------------------------
say "PyInstaller build ($PYINSTALLER_REQ, $HOOKS_REQ)"
rm -rf "$OUT"
mkdir -p "$OUT"
build_start=$(now)
uv run --with "$PYINSTALLER_REQ" --with "$HOOKS_REQ" pyinstaller --noconfirm --clean \
  --log-level WARN --distpath "$OUT/dist" --workpath "$OUT/work" \
  build_scripts/luxcanvas.spec >"$OUT/build.log" 2>&1 || {
  tail -40 "$OUT/build.log" >&2
  echo "PyInstaller failed (full log: $OUT/build.log)" >&2
  exit 1
}
build_seconds=$(elapsed "$build_start" "$(now)")
[ -x "$APP" ] || { echo "no executable at $APP" >&2; exit 1; }
size_mb=$(du -sm "$OUT/dist/LuxCanvas" | cut -f1)

say "bundle content"
# Nothing from the test and dev tools, no Tk; Python modules are listed in the PYZ table of
# contents, native ones are files in _internal/.
leaked=$(grep -oE "'(pytest|_pytest|pytestqt|ruff|mypy|skimage|scipy|importlinter|grimp|tkinter|_tkinter|click)(\.[A-Za-z0-9_.]+)?'" \
  "$OUT/work/luxcanvas/PYZ-00.toc" | sort -u | awk 'NR <= 5' || true)
leaked+=$(find "$OUT/dist/LuxCanvas/_internal" -maxdepth 3 \( -name '_tkinter*' -o -name 'scipy' \
  -o -name 'skimage' -o -name 'pytest*' -o -name 'libQt6Qml*' -o -name 'libQt6Quick*' \) | awk 'NR <= 5')
if [ -n "$leaked" ]; then
  echo "unwanted modules in the bundle:" >&2
  echo "$leaked" >&2
  exit 1
fi
for required in resources/strategies.toml resources/icons/luxcanvas.png THIRD_PARTY_NOTICES.txt LICENSE; do
  [ -f "$OUT/dist/LuxCanvas/_internal/$required" ] || { echo "missing in bundle: $required" >&2; exit 1; }
done
echo "ok: no test/dev tools, resources, notices and licence present"
"$APP" --version

# -- self-tests -------------------------------------------------------------------------------
# LUXCANVAS_LAUNCH_T0 lets the self-test report exec-to-window time (interpreter start and
# imports included); the window is the first check. Each variant runs twice: the first run may
# still pay for a cold disk cache, the second is what a user sees on the next launch.
check_report() { # FILE FROZEN(0|1) -> "launch_to_window window_seconds"; fails on a bad report
  local flag=()
  [ "$2" = 1 ] && flag=(--frozen)
  uv run python build_scripts/verify_selftest.py "$1" "${flag[@]}" >&2 || return 1
  python3 - "$1" <<'PY'
import json, sys
window = json.load(open(sys.argv[1], encoding="utf-8"))["checks"][0]
print(f"{window['detail'].get('launch_to_window_s', float('nan')):.2f} {window['seconds']:.2f}")
PY
}

run_selftest() { # LABEL FROZEN CMD... -> "launch window wall" on stdout
  local label=$1 frozen=$2 report t0 t1 rc=0
  shift 2
  report="$OUT/selftest-$label.json"
  t0=$(now)
  LUXCANVAS_LAUNCH_T0=$t0 "$@" --self-test --report "$report" >"$OUT/selftest-$label.log" 2>&1 || rc=$?
  t1=$(now)
  if [ ! -s "$report" ]; then
    cat "$OUT/selftest-$label.log" >&2
    echo "$label: no self-test report (exit code $rc)" >&2
    return 1
  fi
  local times
  times=$(check_report "$report" "$frozen") || { echo "$label: self-test failed (exit $rc), see $report" >&2; return 1; }
  [ "$rc" = 0 ] || { echo "$label: report ok but exit code $rc" >&2; return 1; }
  echo "$times $(elapsed "$t0" "$t1")"
}

say "self-test: frozen app (offscreen)"
frozen1=$(run_selftest frozen-1 1 "$APP")
frozen2=$(run_selftest frozen-2 1 "$APP")
say "self-test: source install (uv run luxcanvas)"
source1=$(run_selftest source-1 0 uv run luxcanvas)
source2=$(run_selftest source-2 0 uv run luxcanvas)

# -- summary ----------------------------------------------------------------------------------
read -r f_launch f_window f_wall <<<"$frozen2"
read -r s_launch s_window s_wall <<<"$source2"
verdict() { python3 -c "import sys; print('met' if float(sys.argv[1]) <= float(sys.argv[2]) else 'MISSED')" "$1" "$2"; }
size_verdict=$(verdict "$size_mb" "$TARGET_MB")
launch_verdict=$(verdict "$f_launch" "$TARGET_LAUNCH")

say "summary"
printf '%-42s %s\n' \
  "PyInstaller build time" "${build_seconds} s" \
  "onedir size (du)" "${size_mb} MB (target <= ${TARGET_MB} MB: ${size_verdict})" \
  "frozen: launch to window (run 1 / run 2)" "$(cut -d' ' -f1 <<<"$frozen1") s / ${f_launch} s (target <= ${TARGET_LAUNCH} s: ${launch_verdict})" \
  "uv run luxcanvas: launch to window" "$(cut -d' ' -f1 <<<"$source1") s / ${s_launch} s" \
  "window check alone (frozen / source)" "${f_window} s / ${s_window} s" \
  "whole self-test wall (frozen / source)" "${f_wall} s / ${s_wall} s"
echo "Largest parts of the onedir:"
# awk (not head) takes the first lines: it reads to the end, so under pipefail no writer
# upstream dies of SIGPIPE and fails the build.
du -sm "$OUT/dist/LuxCanvas/_internal"/* | sort -rn | awk 'NR <= 8 {printf "  %5s MB  %s\n", $1, $2}' | sed "s|$OUT/dist/LuxCanvas/_internal/||"
echo "Reports: $OUT/selftest-*.json"

if [ "${SMOKE_STRICT:-0}" = 1 ] && { [ "$size_verdict" != met ] || [ "$launch_verdict" != met ]; }; then
  echo "SMOKE_STRICT=1: a target was missed" >&2
  exit 1
fi
say "smoke build passed"
