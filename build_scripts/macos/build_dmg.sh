#!/usr/bin/env bash
# Package dist/LuxCanvas.app (from build_scripts/luxcanvas.spec) into
# dist/installer/LuxCanvas-<version>.dmg: the app plus an Applications shortcut to drag it onto.
#
#   bash build_scripts/macos/build_dmg.sh [VERSION]     # VERSION defaults to the app's own
#
# Signing and notarisation are optional and driven by the environment; each step is skipped,
# with a note, when its variables are absent (the dmg then holds PyInstaller's ad-hoc-signed app,
# which runs on the build machine and, after right-click > Open, elsewhere):
#   MACOS_SIGN_IDENTITY   "Developer ID Application: Name (TEAMID)" in the login keychain
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD
#                         notarise with `xcrun notarytool` and staple the ticket (needs signing;
#                         APPLE_APP_PASSWORD is an app-specific password, never the account's)
set -euo pipefail
exec </dev/null
cd "$(dirname "$0")/../.."

APP="dist/LuxCanvas.app"
OUT_DIR="dist/installer"
ENTITLEMENTS="build_scripts/macos/entitlements.plist"

[ "$(uname -s)" = Darwin ] || { echo "build_dmg.sh needs macOS (hdiutil, codesign)" >&2; exit 2; }
[ -d "$APP" ] || { echo "$APP not found: build it first with PyInstaller" >&2; exit 1; }

VERSION=${1:-$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$APP/Contents/Info.plist")}
DMG="$OUT_DIR/LuxCanvas-$VERSION.dmg"
mkdir -p "$OUT_DIR"

# -- signing (optional) -----------------------------------------------------------------------
SIGN_IDENTITY=${MACOS_SIGN_IDENTITY:-}
if [ -n "$SIGN_IDENTITY" ]; then
  echo "Signing $APP with '$SIGN_IDENTITY' (hardened runtime)"
  sign() {
    codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
      --sign "$SIGN_IDENTITY" "$@"
  }
  # Inside out: every loadable binary first, then Qt's frameworks, then the app itself. `--deep`
  # is not used: it signs in an unspecified order and skips files Apple does not consider code.
  while IFS= read -r -d '' binary; do
    sign "$binary"
  done < <(find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' \) -print0)
  while IFS= read -r -d '' framework; do
    sign "$framework"
  done < <(find "$APP/Contents" -type d -name '*.framework' -prune -print0)
  sign "$APP/Contents/MacOS/LuxCanvas"
  sign "$APP"
  codesign --verify --strict --verbose=2 "$APP"
else
  echo "MACOS_SIGN_IDENTITY not set: keeping PyInstaller's ad-hoc signature (no notarisation)."
fi

# -- the disk image ---------------------------------------------------------------------------
STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
# hdiutil sometimes fails with "Resource busy" on CI runners while Spotlight indexes the
# staging folder; a short retry is the usual remedy.
for attempt in 1 2 3; do
  if hdiutil create -volname "LuxCanvas" -srcfolder "$STAGING" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG"; then
    break
  fi
  [ "$attempt" = 3 ] && { echo "hdiutil create failed" >&2; exit 1; }
  sleep 5
done
hdiutil verify "$DMG"

if [ -n "$SIGN_IDENTITY" ]; then
  codesign --force --timestamp --sign "$SIGN_IDENTITY" "$DMG"
fi

# -- notarisation (optional) ------------------------------------------------------------------
if [ -n "$SIGN_IDENTITY" ] && [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] \
  && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
  echo "Notarising $DMG (this waits for Apple, usually a few minutes)"
  xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
    --password "$APPLE_APP_PASSWORD" --wait --timeout 30m
  xcrun stapler staple "$DMG"
  xcrun stapler validate "$DMG"
  spctl --assess --type open --context context:primary-signature --verbose "$DMG"
elif [ -n "$SIGN_IDENTITY" ]; then
  echo "APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not all set: signed but not notarised."
fi

echo "Wrote $DMG ($(du -h "$DMG" | cut -f1))"
