#!/usr/bin/env bash
#
# Memory figures of a central repository serving its largest release: a 60 MB bundle (content
# that does not compress) downloaded by 12 anonymous clients at once, against nginx (one worker)
# serving the same file in the same run. Prints the JVM's heap limit (read from the running JVM),
# the time of the downloads, the peak resident memory while they run, and the heap in use after
# them. Installs nginx from Debian when it is missing. Changes nothing in the source tree.
#
#   distribution/bench/memory.sh
#   PARALLEL=24 MEGABYTES=60 distribution/bench/memory.sh
#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
parallel=${PARALLEL:-12}
megabytes=${MEGABYTES:-60}

if ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
. "$root/distribution/bench/common.sh"
work=$(mktemp -d /tmp/imio-bench-memory-XXXXXX)
trap stop_bench_repository EXIT

start_bench_repository
# The JVM that runs this instance: the one whose karaf.base is its folder.
pid=$(for p in /proc/[0-9]*; do
  if tr '\0' ' ' < "$p/cmdline" | grep -q -- "-Dkaraf.base=$work/repository "; then basename "$p"; fi
done 2>/dev/null | head -1)
[ -n "$pid" ] || { echo "no running Karaf for $work/repository" >&2; exit 1; }

# The bundle: a manifest and $megabytes MB of random bytes, stored without compression.
jar="$work/big-1.0.0.jar"
mkdir -p "$work/jar/META-INF" && head -c $((megabytes * 1024 * 1024)) /dev/urandom > "$work/jar/payload.bin"
printf 'Manifest-Version: 1.0\nBundle-ManifestVersion: 2\nBundle-SymbolicName: be.imio.bench.big\nBundle-Version: 1.0.0\n' > "$work/jar/META-INF/MANIFEST.MF"
(cd "$work/jar" && "$JAVA_HOME/bin/jar" --create --no-compress --file "$jar" --manifest META-INF/MANIFEST.MF payload.bin)
jar_path="be/imio/bench/big/1.0.0/big-1.0.0.jar"
curl -fs -u "bench:$password" -T "$jar" "http://127.0.0.1:$http/repository/maven/$jar_path" -o /dev/null
expected=$(sha256sum < "$jar")

nginx_port=$(port)
mkdir -p "$work/www/$(dirname "$jar_path")" && cp "$jar" "$work/www/$jar_path"
cat > "$work/nginx.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; server { listen 127.0.0.1:$nginx_port; root $work/www; } }
CONF
nginx -c "$work/nginx.conf"
sleep 0.5
nginx_pids="$(cat "$work/nginx.pid") $(pgrep -P "$(cat "$work/nginx.pid")" | tr '\n' ' ' || true)"

rss_kb() { # summed VmRSS of the pids given
  local total=0 p
  for p in "$@"; do total=$(( total + $(awk '/VmRSS/ { print $2 }' "/proc/$p/status") )); done
  echo "$total"
}

# $parallel downloads at once of URL $1, every answer checked; writes "seconds RSS-before-MB
# peak-RSS-MB" to $work/result for the pids given after the URL, sampled every 50 ms meanwhile.
download() {
  local url=$1; shift
  local before peak=0 start now i
  before=$(rss_kb "$@")
  start=$(date +%s%N)
  for i in $(seq 1 "$parallel"); do
    (curl -fs "$url" | sha256sum > "$work/download.$i") &
  done
  while [ "$(jobs -r | wc -l)" -gt 0 ]; do
    now=$(rss_kb "$@"); [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.05
  done
  wait
  local seconds
  seconds=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 1e9 }')
  for i in $(seq 1 "$parallel"); do
    [ "$(cat "$work/download.$i")" = "$expected" ] || { echo "download $i from $url: wrong bytes" >&2; exit 1; }
  done
  echo "$seconds $(( before / 1024 )) $(( peak / 1024 ))" > "$work/result"
}

heap_used_mb() { # heap in use of the JVM, all generations, after a full collection
  jcmd "$pid" GC.run >/dev/null
  jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -2 | awk '{ sub(/K/, "", $2); s += $2 } END { printf "%d", s / 1024 }'
}

max_heap_mb=$(( $(jcmd "$pid" VM.flags | grep -o -- '-XX:MaxHeapSize=[0-9]*' | cut -d= -f2) / 1024 / 1024 ))
curl -fs -o /dev/null "http://127.0.0.1:$http/repository/maven/$jar_path"   # warm
download "http://127.0.0.1:$http/repository/maven/$jar_path" "$pid"
read -r ours_s ours_before ours_peak < "$work/result"
ours_heap=$(heap_used_mb)
curl -fs -o /dev/null "http://127.0.0.1:$nginx_port/$jar_path"              # warm
# shellcheck disable=SC2086
download "http://127.0.0.1:$nginx_port/$jar_path" $nginx_pids
read -r nginx_s nginx_before nginx_peak < "$work/result"
grep -q OutOfMemoryError "$work/repository/data/log/karaf.log" "$work/repository.out" \
  && { echo "the repository ran out of memory" >&2; exit 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

cat <<TABLE

$parallel parallel anonymous GETs of a $megabytes MB bundle (loopback, 2 cores shared)   iMio repository   nginx (1 worker)   ratio
-----------------------------------------------------------------------  ----------------  -----------------  -----
time of all downloads (s)                                                $(printf '%16s' "$ours_s")  $(printf '%17s' "$nginx_s")  $(ratio "$ours_s" "$nginx_s")
resident memory before (MB)                                              $(printf '%16s' "$ours_before")  $(printf '%17s' "$nginx_before")
peak resident memory while downloading (MB)                              $(printf '%16s' "$ours_peak")  $(printf '%17s' "$nginx_peak")  $(ratio "$ours_peak" "$nginx_peak")
growth of resident memory (MB)                                           $(printf '%16s' "$(( ours_peak - ours_before ))")  $(printf '%17s' "$(( nginx_peak - nginx_before ))")
JVM heap limit, from the running JVM (MB)                                $(printf '%16s' "$max_heap_mb")
heap in use after the downloads and a full collection (MB)               $(printf '%16s' "$ours_heap")
TABLE
