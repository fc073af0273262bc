#!/usr/bin/env bash
# Installs a released timeline binary: the install step of the timeline action
# (action.yml at the repository root), also usable on its own.
#
# Downloads BASE/vVERSION/timeline-ssg-TARGET.tar.gz (.zip on Windows), the archive
# cargo-dist attaches to each release, and its .sha256 file; checks the archive's SHA-256
# against it and puts the `timeline` binary in the install folder. The checksum file is
# fetched on every run; the archive is kept in the cache folder and used again only when
# its SHA-256 still matches, so a damaged or altered cache is downloaded afresh.
#
# Environment:
#   TIMELINE_VERSION       the version to install, e.g. 0.1.0 (required)
#   TIMELINE_DOWNLOAD_URL  where the releases are: https://github.com/OWNER/REPO/releases/download,
#                          or any URL curl reads (file:///… in the tests) (required)
#   TIMELINE_INSTALL_DIR   the folder to put `timeline` in (required)
#   TIMELINE_CACHE_DIR     the folder that keeps downloaded archives (default: none)
#   TIMELINE_TARGET        the target triple to download (default: this machine's)
#   GITHUB_PATH            when set (in GitHub Actions), the install folder is added to it
set -euo pipefail

fail() {
  echo "::error::timeline install: $*" >&2
  exit 1
}

version=${TIMELINE_VERSION:-}
base=${TIMELINE_DOWNLOAD_URL:-}
dest=${TIMELINE_INSTALL_DIR:-}
cache=${TIMELINE_CACHE_DIR:-}
[ -n "$version" ] || fail "no version given (the action's input \`version\`, e.g. 0.1.0)"
[ -n "$base" ] || fail "no download URL given"
[ -n "$dest" ] || fail "no install folder given"
version=${version#v}
case "$version" in
  *[!0-9A-Za-z.+-]* | "") fail "\`$version\` is not a version such as 0.1.0" ;;
esac

# The machine's target triple: static musl builds on Linux, so any distribution runs them.
target=${TIMELINE_TARGET:-}
if [ -z "$target" ]; then
  os=$(uname -s)
  arch=$(uname -m)
  case "$os/$arch" in
    Linux/x86_64 | Linux/amd64) target=x86_64-unknown-linux-musl ;;
    Linux/aarch64 | Linux/arm64) target=aarch64-unknown-linux-musl ;;
    Darwin/x86_64) target=x86_64-apple-darwin ;;
    Darwin/arm64 | Darwin/aarch64) target=aarch64-apple-darwin ;;
    MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64 | Windows_NT/x86_64) target=x86_64-pc-windows-msvc ;;
    *) fail "no timeline release for $os on $arch (releases: Linux x86_64 and aarch64, macOS x86_64 and arm64, Windows x86_64)" ;;
  esac
fi
case "$target" in
  *windows*) archive="timeline-ssg-$target.zip" exe=timeline.exe ;;
  *) archive="timeline-ssg-$target.tar.gz" exe=timeline ;;
esac
url="${base%/}/v$version/$archive"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch() {
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" ||
    fail "cannot download $1"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Installing timeline $version ($target) from $url"
fetch "$url.sha256" "$work/sum"
expected=$(tr -d '\r' <"$work/sum" | awk 'NR == 1 { print tolower($1) }')
case "$expected" in
  "" | *[!0-9a-f]*) fail "$url.sha256 holds no SHA-256" ;;
esac
[ ${#expected} -eq 64 ] || fail "$url.sha256 holds no SHA-256"

cached=""
if [ -n "$cache" ]; then
  mkdir -p "$cache"
  cached="$cache/$archive"
fi
if [ -n "$cached" ] && [ -f "$cached" ] && [ "$(sha256 "$cached")" = "$expected" ]; then
  echo "Using the cached archive (its SHA-256 matches)"
  cp "$cached" "$work/$archive"
else
  fetch "$url" "$work/$archive"
  actual=$(sha256 "$work/$archive")
  [ "$actual" = "$expected" ] ||
    fail "the SHA-256 of $archive is $actual, but $url.sha256 says $expected; nothing was installed"
  if [ -n "$cached" ]; then
    cp "$work/$archive" "$cached"
  fi
fi

mkdir -p "$work/unpacked"
case "$archive" in
  *.zip)
    if command -v unzip >/dev/null 2>&1; then
      unzip -q "$work/$archive" -d "$work/unpacked"
    else
      powershell -NoProfile -Command "Expand-Archive -LiteralPath '$work/$archive' -DestinationPath '$work/unpacked'"
    fi
    ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
esac
# A tarball holds one folder named after it; a zip holds the files at its root.
binary=$(find "$work/unpacked" -type f -name "$exe" | head -n 1)
[ -n "$binary" ] || fail "$archive holds no $exe"

mkdir -p "$dest"
cp "$binary" "$dest/$exe"
chmod +x "$dest/$exe"
said=$("$dest/$exe" --version) || fail "the installed $exe does not run"
case "$said" in
  "timeline $version "* | "timeline $version") ;;
  *) fail "the installed binary says \`$said\`, not timeline $version" ;;
esac
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dest" >>"$GITHUB_PATH"
fi
echo "Installed $said into $dest"
