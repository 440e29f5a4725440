#!/usr/bin/env bash
#
# Central repository figures: requests/s and p99 latency of GET for the timestamp document and for
# a 200 KB released jar, from wrk on loopback, against nginx (one worker) serving the same files,
# in the same run; and the time of a 'mvn deploy' of a sample module. Installs wrk and nginx from
# Debian when they are missing. Prints a table; changes nothing in the source tree.
#
#   distribution/bench/repository.sh               10 s per wrk run
#   DURATION=30 distribution/bench/repository.sh
#
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
duration=${DURATION:-10}

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx >/dev/null
fi
. "$root/distribution/bench/common.sh"
work=$(mktemp -d /tmp/imio-bench-repo-XXXXXX)
trap stop_bench_repository EXIT

start_bench_repository

# A sample module released with a real mvn deploy, timed.
project="$work/sample"; cp -r "$root/distribution/src/test/resources/sample-module" "$project"
printf '<settings><servers><server><id>imio</id><username>bench</username><password>%s</password></server></servers></settings>' \
  "$password" > "$work/settings.xml"
start=$(date +%s%N)
mvn -q -B -ntp -s "$work/settings.xml" -f "$project/pom.xml" deploy -Dsample.group=be.imio.bench -Dsample.version=1.0.0 \
  -DaltDeploymentRepository="imio::http://127.0.0.1:$http/repository/maven" >/dev/null
deploy_s=$(awk -v ns=$(( $(date +%s%N) - start )) 'BEGIN { printf "%.1f", ns / 1e9 }')

# A 200 KB bundle (incompressible content), released over HTTP PUT like Maven does.
jar="$work/big-1.0.0.jar"
mkdir -p "$work/jar/META-INF" && head -c 200000 /dev/urandom > "$work/jar/payload.bin"
printf 'Manifest-Version: 1.0\nBundle-ManifestVersion: 2\nBundle-SymbolicName: be.imio.bench.big\nBundle-Version: 1.0.0\n' > "$work/jar/META-INF/MANIFEST.MF"
(cd "$work/jar" && "$JAVA_HOME/bin/jar" --create --file "$jar" --manifest META-INF/MANIFEST.MF payload.bin)
jar_path="be/imio/bench/big/1.0.0/big-1.0.0.jar"
curl -fs -u "bench:$password" -T "$jar" "http://127.0.0.1:$http/repository/maven/$jar_path" -o /dev/null

# nginx, one worker, serving the very same bytes.
www="$work/www"; mkdir -p "$www/repository/metadata" "$www/repository/maven/$(dirname "$jar_path")"
curl -fs "http://127.0.0.1:$http/repository/metadata/timestamp.json" -o "$www/repository/metadata/timestamp.json"
curl -fs "http://127.0.0.1:$http/repository/maven/$jar_path" -o "$www/repository/maven/$jar_path"
start_nginx "$www"

# Both servers must answer 200 with the very same bytes before anything is measured.
for path in repository/metadata/timestamp.json "repository/maven/$jar_path"; do
  ours=$(curl -fs "http://127.0.0.1:$http/$path" | sha256sum)
  theirs=$(curl -fs "http://127.0.0.1:$nginx_port/$path" | sha256sum) || { echo "nginx does not serve /$path" >&2; exit 1; }
  [ "$ours" = "$theirs" ] || { echo "nginx and the repository serve different bytes for /$path" >&2; exit 1; }
done

measure() { # url -> "requests/s p99"; fails when any answer was not a 2xx or a socket failed
  wrk -t2 -c32 -d"${duration}s" --latency "$1" | awk '
    /Non-2xx|Socket errors/ { print "wrk: " $0 > "/dev/stderr"; failed = 1 }
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; p99 = v }
    END { if (failed) exit 1; printf "%.0f %.2f", rps, p99 }'
}
# Warm both servers (the JVM compiles its hot paths), then measure alternately.
wrk -t2 -c32 -d5s "http://127.0.0.1:$http/repository/metadata/timestamp.json" >/dev/null
wrk -t2 -c32 -d5s "http://127.0.0.1:$http/repository/maven/$jar_path" >/dev/null
figures=$(measure "http://127.0.0.1:$http/repository/metadata/timestamp.json"); read -r ts_ours ts_ours_p99 <<<"$figures"
figures=$(measure "http://127.0.0.1:$nginx_port/repository/metadata/timestamp.json"); read -r ts_nginx ts_nginx_p99 <<<"$figures"
figures=$(measure "http://127.0.0.1:$http/repository/maven/$jar_path"); read -r jar_ours jar_ours_p99 <<<"$figures"
figures=$(measure "http://127.0.0.1:$nginx_port/repository/maven/$jar_path"); read -r jar_nginx jar_nginx_p99 <<<"$figures"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<TABLE

figure (wrk -t2 -c32 -d${duration}s, loopback, 2 cores shared)   iMio repository    nginx (1 worker)   ratio
-----------------------------------------------------------------  -----------------  -----------------  -----
GET timestamp.json, requests/s                                    $(printf '%17s' "$ts_ours")  $(printf '%17s' "$ts_nginx")  $(ratio "$ts_ours" "$ts_nginx")
GET timestamp.json, p99 latency (ms)                              $(printf '%17s' "$ts_ours_p99")  $(printf '%17s' "$ts_nginx_p99")
GET 200 KB jar, requests/s                                        $(printf '%17s' "$jar_ours")  $(printf '%17s' "$jar_nginx")  $(ratio "$jar_ours" "$jar_nginx")
GET 200 KB jar, p99 latency (ms)                                  $(printf '%17s' "$jar_ours_p99")  $(printf '%17s' "$jar_nginx_p99")
mvn deploy of the sample module (build included)                  ${deploy_s} s
TABLE
