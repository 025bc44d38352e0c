#!/usr/bin/env bash
# Starts a private S3-protocol server for the photo store tests (npm's s3rver 3.7.1: own data directory and port)
# and prints the settings. Usage: eval "$(bash .ci/start-s3.sh)"   → exports ATTENDANCE_TEST_S3 and S3_TEST_PID
set -euo pipefail
port="${S3_TEST_PORT:-55434}"
dir="${S3_TEST_DIR:-/tmp/attendance-s3-$port}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/attendance/s3rver-3.7.1"
bucket="attendance-test"

if [ ! -x "$cache/node_modules/.bin/s3rver" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; } >&2
  fi
  mkdir -p "$cache"
  (cd "$cache" && npm install --no-audit --no-fund --silent s3rver@3.7.1) >&2
fi

if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  mkdir -p "$dir"
  nohup "$cache/node_modules/.bin/s3rver" --directory "$dir" --address 127.0.0.1 --port "$port" --silent \
    --configure-bucket "$bucket" >"$dir.log" 2>&1 &
  echo "export S3_TEST_PID='$!'"
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "s3rver did not start; see $dir.log" >&2; exit 1; }
fi
# s3rver takes any key pair; these are its documented defaults.
echo "export ATTENDANCE_TEST_S3='Endpoint=http://127.0.0.1:$port;Bucket=$bucket;AccessKey=S3RVER;SecretKey=S3RVER'"
