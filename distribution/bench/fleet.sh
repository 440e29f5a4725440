#!/usr/bin/env bash
#
# The central repository under a fleet: HOSTS simulated hosts (462 by default, the Walloon fleet)
# registered and reporting, each polling the timestamp every POLL seconds (conditional GET, 30) and
# reporting every REPORT seconds (300), for SECONDS (180). Prints the p50/p99 of polls and reports,
# the repository's CPU and memory over the run, the fleet view's answer time (JSON, CSV, console
# page) at that size, and how long a release took to reach every host of a staged rollout's rings
# (the pilot group, then everyone). The peer, in the same run: nginx (one worker) serving the same
# timestamp file to the same polling hosts. Installs nginx from Debian when it is missing; changes
# nothing in the source tree.
#
#   distribution/bench/fleet.sh
#   HOSTS=462 SECONDS_=300 POLL=30 REPORT=300 distribution/bench/fleet.sh
#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
hosts=${HOSTS:-462}
seconds=${SECONDS_:-180}
poll=${POLL:-30}
report=${REPORT:-300}

command -v nginx >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }
. "$root/distribution/bench/common.sh"
work=$(mktemp -d /tmp/imio-bench-fleet-XXXXXX)
trap stop_bench_repository EXIT

BENCH_NAMESPACE=be.imio.solutions start_bench_repository
# Rollouts checked every 2 s (30 by default), so that the reach measured is the hosts' polling.
echo "checkSeconds = 2" > "$work/repository/etc/be.imio.platform.repository.rollouts.cfg"
admin=$(cat "$work/repository/admin-password.txt")
api="http://127.0.0.1:$http/api/repository"

# The module the hosts run: swap 1.0.0 and 1.1.0 stable, 1.0.1 revoked, 1.2.0 for the rollout.
printf '<settings><servers><server><id>imio</id><username>bench</username><password>%s</password></server></servers></settings>' \
  "$password" > "$work/settings.xml"
for version in 1.0.0 1.0.1 1.1.0 1.2.0; do
  rm -rf "$work/swap" && cp -r "$root/distribution/src/test/resources/swap-module" "$work/swap"
  mvn -q -B -ntp -s "$work/settings.xml" -f "$work/swap/pom.xml" deploy -Dmodule.version=$version -Dmodule.fail=false \
    -Dapi.jar="$home/lib/imio/imio-platform-api.jar" \
    -DaltDeploymentRepository="imio::http://127.0.0.1:$http/repository/maven" >/dev/null
done
for version in 1.0.0 1.0.1 1.1.0; do
  curl -fs -u "admin:$admin" -H 'Content-Type: application/json' -d '{}' "$api/releases/be.imio.solutions:swap:$version/promote" -o /dev/null
done
curl -fs -u "admin:$admin" -H 'Content-Type: application/json' -d '{"reason":"banc de mesure"}' \
  "$api/releases/be.imio.solutions:swap:1.0.1/revoke" -o /dev/null

# nginx, one worker, serving the same timestamp file (with ETag, as the repository does).
www="$work/www"; mkdir -p "$www/repository/metadata"
curl -fs "http://127.0.0.1:$http/repository/metadata/timestamp.json" -o "$www/repository/metadata/timestamp.json"
start_nginx "$www"

# The load generator: the distribution's test classes (FleetSimulator, FleetLoad) and their classpath.
mvn -q -B -ntp -o -f "$root/distribution/pom.xml" test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt" >/dev/null
pid=$(pgrep -f "karaf.home=$home" | head -1 || true)
[ -n "$pid" ] || pid=$(pgrep -f "$work/repository" | head -1)
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
cpu_before=$(cpu); t_before=$(date +%s%N)
"$JAVA_HOME/bin/java" -cp "$root/distribution/target/test-classes:$(cat "$work/classpath.txt")" \
  be.imio.platform.distribution.FleetLoad "http://127.0.0.1:$http" admin "$admin" "$hosts" "$seconds" "$poll" "$report" \
  > "$work/load.out"
cpu_after=$(cpu); t_after=$(date +%s%N)
rss_mb=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
# Every generation's "used" (serial GC: young and tenured), metaspace aside.
heap=$(jcmd "$pid" GC.heap_info 2>/dev/null | awk '/generation|garbage-first heap/ { for (i = 1; i <= NF; i++)
  if ($i == "used") { v = $(i+1); sub(/K,?$/, "", v); kb += v } } END { if (kb) printf "%.0f MB", kb / 1024 }')

# The fleet view at that size: median of 10 answers of each.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_of() { for _ in $(seq 1 10); do curl -s -o /dev/null -w '%{time_total}\n' "$@"; done | median; }
fleet_json=$(time_of -u "admin:$admin" "$api/fleet")
fleet_csv=$(time_of -u "admin:$admin" "$api/fleet?format=csv")
login=$(curl -s -c "$work/cookies" "http://127.0.0.1:$http/console/login" | sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p' | head -1)
curl -s -b "$work/cookies" -c "$work/cookies" -o /dev/null -H "Origin: http://127.0.0.1:$http" \
  --data-urlencode "username=admin" --data-urlencode "password=$admin" --data-urlencode "login=$login" \
  --data-urlencode "next=/console/fleet" "http://127.0.0.1:$http/console/login"
fleet_page=$(time_of -b "$work/cookies" "http://127.0.0.1:$http/console/fleet")
page_status=$(curl -s -o /dev/null -w '%{http_code}' -b "$work/cookies" "http://127.0.0.1:$http/console/fleet")

# The peer: the same hosts polling nginx for the same file, polls only.
"$JAVA_HOME/bin/java" -cp "$root/distribution/target/test-classes:$(cat "$work/classpath.txt")" \
  be.imio.platform.distribution.FleetLoad --peer "http://127.0.0.1:$nginx_port" "$hosts" "$(( seconds / 2 ))" "$poll" \
  > "$work/peer.out" 2>&1 || true

cpu_s=$(awk -v d=$(( cpu_after - cpu_before )) -v t="$ticks" 'BEGIN { printf "%.1f", d / t }')
wall_s=$(awk -v ns=$(( t_after - t_before )) 'BEGIN { printf "%.0f", ns / 1e9 }')
echo "fleet.sh: $hosts hosts, polling every $poll s, reporting every $report s, for $seconds s ($(nproc) cores)"
sed 's/^/  /' "$work/load.out"
echo "  repository CPU: ${cpu_s} s over ${wall_s} s ($(awk -v c="$cpu_s" -v w="$wall_s" 'BEGIN { printf "%.1f", 100 * c / w }') % of one core); RSS ${rss_mb} MB; heap used ${heap:-?}"
echo "  fleet view ($hosts hosts): JSON ${fleet_json} s, CSV ${fleet_csv} s, console page ${fleet_page} s (HTTP $page_status) — medians of 10"
sed 's/^/  nginx (same hosts, same polls) /' "$work/peer.out"
