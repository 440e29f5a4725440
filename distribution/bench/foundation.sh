#!/usr/bin/env bash
#
# Foundation figures: build time (cold and warm), boot time to the first HTTP 200 of each role,
# RSS after boot, archive size; and stock Karaf 4.4.10 booting the same web and database features
# in the same run, for a ratio. Prints a table; changes nothing in the source tree.
#
#   distribution/bench/foundation.sh            everything (the cold build downloads ~160 MB)
#   distribution/bench/foundation.sh --no-cold  skip the cold build
#   RUNS=5 distribution/bench/foundation.sh     boots per measurement (default 3, median and each run shown)
#   BENCH_PORTS=29100-29199 ...                 take every port from that range (default: any free port)
#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
runs=${RUNS:-3}
cold=true
[ "${1:-}" = "--no-cold" ] && cold=false

work=$(mktemp -d /tmp/imio-bench-XXXXXX)
. "$root/distribution/bench/common.sh"
trap 'pkill -f "karaf.base=$work" 2>/dev/null || true; rm -rf "$work"' EXIT
mvnq() { mvn -q -B -ntp -Dstyle.color=never "$@"; }
karaf_version=$(sed -n 's:.*<karaf.version>\(.*\)</karaf.version>.*:\1:p' "$root/pom.xml")

now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e9 }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
java_pid() { pgrep -f "karaf.base=$1" | head -1; }

# Waits until URL answers with one of the codes in $2 (e.g. "200" or "any"); prints nanoseconds since $3.
wait_http() {
  local url=$1 want=$2 start=$3 code
  for _ in $(seq 1 1200); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
    if { [ "$want" = any ] && [ "$code" != 000 ]; } || [ "$code" = "$want" ]; then echo $(( $(now) - start )); return 0; fi
    sleep 0.05
  done
  echo "timeout waiting for $url" >&2; return 1
}

echo "== build"
if $cold; then
  t=$(now); mvnq -f "$root/pom.xml" -Dmaven.repo.local="$work/m2" install -DskipTests >/dev/null
  cold_build=$(secs $(( $(now) - t )))
  download_mb=$(du -sm "$work/m2" | cut -f1); rm -rf "$work/m2"
else
  cold_build="skipped"; download_mb="-"
fi
t=$(now); mvnq -f "$root/pom.xml" install -DskipTests >/dev/null; warm_build=$(secs $(( $(now) - t )))

archive=$(ls "$root"/distribution/target/imio-platform-*.tar.gz)
zip=${archive%.tar.gz}.zip
mkdir -p "$work/dist" && tar xzf "$archive" -C "$work/dist"
home=$(echo "$work"/dist/imio-platform-*)

echo "== boots ($runs per role, fresh instance each time)"
declare -A boot rss first_answer boot_runs rss_runs
for role in repository host; do
  times=(); answers=(); mems=()
  for i in $(seq 1 "$runs"); do
    dir="$work/$role-$i"; p=$(port); s=$(port)
    "$home/bin/imio" create "$dir" --role "$role" --http-port "$p" --ssh-port "$s" >/dev/null
    start=$(now)
    (HOME="$work" "$home/bin/imio" run "$dir" >"$dir.out" 2>&1 &)
    answers+=("$(wait_http "http://127.0.0.1:$p/no-such-page" any "$start")")
    times+=("$(wait_http "http://127.0.0.1:$p/health" 200 "$start")")
    sleep 5; mems+=("$(rss_mb "$(java_pid "$dir")")")
    "$home/bin/imio" stop "$dir" >/dev/null 2>&1; while [ -n "$(java_pid "$dir")" ]; do sleep 0.2; done
  done
  boot[$role]=$(printf '%s\n' "${times[@]}" | median)
  boot_runs[$role]=$(for t in "${times[@]}"; do printf '%s ' "$(secs "$t")"; done)
  rss_runs[$role]="${mems[*]}"
  first_answer[$role]=$(printf '%s\n' "${answers[@]}" | median)
  rss[$role]=$(printf '%s\n' "${mems[@]}" | median)
done

# Stock Karaf boots the same platform features the stock way (its own featuresBoot, resolved at
# start, bundles from ~/.m2 filled by the build above), so both answer /health 200 when equally ready.
# The database driver is a feature of its own (imio-derby): without it imio-host's store never
# starts and /health never answers.
version=$(sed -n '0,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml")
echo "== stock Karaf $karaf_version booting scr, http, http-whiteboard, imio-derby and imio-host $version"
mvnq dependency:copy -Dartifact="org.apache.karaf:apache-karaf:$karaf_version:tar.gz" -DoutputDirectory="$work" >/dev/null
stock_times=(); stock_answers=(); stock_mems=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/stock" && mkdir -p "$work/stock" && tar xzf "$work/apache-karaf-$karaf_version.tar.gz" -C "$work/stock"
  k="$work/stock/apache-karaf-$karaf_version"; p=$(port)
  sed -i "s#^featuresRepositories = \\\\#featuresRepositories = mvn:be.imio.platform/imio-platform-features/$version/xml/features, \\\\#" "$k/etc/org.apache.karaf.features.cfg"
  sed -i "s#^    kar/$karaf_version#    kar/$karaf_version, scr, http, http-whiteboard, imio-derby, imio-host#" "$k/etc/org.apache.karaf.features.cfg"
  cp "$home/etc/org.ops4j.datasource-platform.cfg" "$k/etc/"
  printf 'role = host\n' > "$k/etc/be.imio.platform.cfg"
  printf 'org.osgi.service.http.port = %s\n' "$p" > "$k/etc/org.ops4j.pax.web.cfg"
  sed -i "s/^sshPort = .*/sshPort = $(port)/" "$k/etc/org.apache.karaf.shell.cfg"
  sed -i "s/^rmiRegistryPort = .*/rmiRegistryPort = $(port)/; s/^rmiServerPort = .*/rmiServerPort = $(port)/" "$k/etc/org.apache.karaf.management.cfg"
  start=$(now)
  (cd "$k" && KARAF_EXEC=exec bin/karaf server >"$work/stock-$i.out" 2>&1 &)
  stock_answers+=("$(wait_http "http://127.0.0.1:$p/no-such-page" any "$start")")
  stock_times+=("$(wait_http "http://127.0.0.1:$p/health" 200 "$start")")
  sleep 5; stock_mems+=("$(rss_mb "$(pgrep -f "karaf.base=$k" | head -1)")")
  (cd "$k" && bin/stop >/dev/null 2>&1); while pgrep -f "karaf.base=$k" >/dev/null; do sleep 0.2; done
done
stock_boot=$(printf '%s\n' "${stock_times[@]}" | median)
stock_boot_runs=$(for t in "${stock_times[@]}"; do printf '%s ' "$(secs "$t")"; done)
stock_rss=$(printf '%s\n' "${stock_mems[@]}" | median)
stock_answer=$(printf '%s\n' "${stock_answers[@]}" | median)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cat <<TABLE

figure                                            value
------------------------------------------------  ----------------
cold build, mvn install -DskipTests, empty repo   ${cold_build} s, ${download_mb} MB downloaded
warm build, mvn install -DskipTests               ${warm_build} s
archive size tar.gz / zip                         $(( $(stat -c %s "$archive") / 1048576 )) MB / $(( $(stat -c %s "$zip") / 1048576 )) MB
unpacked size                                     $(du -sm "$home" | cut -f1) MB
boot to first HTTP 200, repository (median/$runs)    $(secs "${boot[repository]}") s   (runs: ${boot_runs[repository]}s)
boot to first HTTP 200, host (median/$runs)          $(secs "${boot[host]}") s   (runs: ${boot_runs[host]}s)
stock Karaf + same features, first HTTP 200       $(secs "$stock_boot") s   (runs: ${stock_boot_runs}s)
ratio host / stock, first HTTP 200                $(ratio "${boot[host]}" "$stock_boot")
ratio repository / stock, first HTTP 200          $(ratio "${boot[repository]}" "$stock_boot")
first HTTP answer (any status), host / stock      $(secs "${first_answer[host]}") s / $(secs "$stock_answer") s
RSS 5 s after boot, repository / host / stock     ${rss[repository]} MB / ${rss[host]} MB / ${stock_rss} MB   (runs: ${rss_runs[repository]} / ${rss_runs[host]} / ${stock_mems[*]})
TABLE
