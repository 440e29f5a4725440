#!/usr/bin/env bash
#
# Backup figures: time and size of 'imio:backup' on a repository instance holding released
# artifacts (random, incompressible jars, as real ones are), against 'tar' of the same folders
# with the instance stopped; and the time of 'bin/imio restore' of that backup.
#
#   distribution/bench/backup.sh            200 MB of artifacts
#   MEGABYTES=1000 distribution/bench/backup.sh
#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
megabytes=${MEGABYTES:-200}
. "$root/distribution/bench/common.sh"
work=$(mktemp -d /tmp/imio-bench-backup-XXXXXX)
cleanup() {
  [ -d "$work/repository" ] && "$home/bin/imio" stop "$work/repository" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
millis() { date +%s%3N; }

tar xzf "$(distribution_archive)" -C "$work"
home=$(echo "$work"/imio-platform-*)

http=$(port); ssh=$(port)
"$home/bin/imio" create "$work/repository" --role repository --http-port "$http" --ssh-port "$ssh" >/dev/null
password=$(cat "$work/repository/admin-password.txt")
(HOME="$work" "$home/bin/imio" run "$work/repository" >"$work/repository.out" 2>&1 &)
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$http/health" && break; sleep 0.2; done

# Artifacts as the repository stores them, 2 MB each.
maven="$work/repository/data/repository/maven/be/imio/bench"
for i in $(seq 1 $((megabytes / 2))); do
  mkdir -p "$maven/m$i/1.0.0" && head -c 2000000 /dev/urandom > "$maven/m$i/1.0.0/m$i-1.0.0.jar"
done

start=$(millis)
out=$(echo "imio:backup" | HOME="$work" "$home/bin/client" -a "$ssh" -u admin -p "$password" -r 3 2>&1)
backup_ms=$(( $(millis) - start ))
zip=$(echo "$out" | sed -n 's/.*Backup written: \(\/[^ ]*\.zip\).*/\1/p' | head -1)
[ -f "$zip" ] || { echo "no backup written: $out" >&2; exit 1; }
logged_ms=$(grep -o 'Backup written: .* in [0-9]* ms' "$work/repository/data/log/karaf.log" | tail -1 | sed 's/.* in \([0-9]*\) ms/\1/')
cp "$zip" "$work/backup.zip"

"$home/bin/imio" stop "$work/repository" >/dev/null; sleep 5
start=$(millis)
tar czf "$work/plain.tar.gz" -C "$work/repository" etc data/derby data/repository
tar_ms=$(( $(millis) - start ))
start=$(millis)
"$home/bin/imio" restore "$work/repository" "$work/backup.zip" >/dev/null
restore_ms=$(( $(millis) - start ))

mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
cat <<TABLE

Backup of a repository holding ${megabytes} MB of artifacts (2 cores shared)
  imio:backup, in the running instance        ${logged_ms} ms (${backup_ms} ms with the shell's connection), $(mb "$work/backup.zip")
  tar czf of the same folders, stopped        ${tar_ms} ms, $(mb "$work/plain.tar.gz")
  bin/imio restore of the backup              ${restore_ms} ms
TABLE
