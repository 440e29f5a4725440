# Sourced by the benchmark scripts: Java 17 on the PATH, free ports, the built distribution.
# Expects $root, the repository's top folder.

if [ -z "${JAVA_HOME:-}" ]; then
  for c in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk; do [ -x "$c/bin/java" ] && export JAVA_HOME=$c && break; done
fi
export PATH="$JAVA_HOME/bin:$PATH"

# A free TCP port on loopback: from BENCH_PORTS=FROM-TO when set (each port handed out once per
# run, listed in $work/.bench-ports), else any free port.
port() {
  python3 - "${BENCH_PORTS:-}" "${work:-/tmp}/.bench-ports" <<'PY'
import socket, sys
span, handed = sys.argv[1], sys.argv[2]
def free(p):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", p))
            return s.getsockname()[1]
        except OSError:
            return None
if not span:
    print(free(0)); sys.exit(0)
low, high = (int(x) for x in span.split("-"))
try:
    used = set(open(handed).read().split())
except FileNotFoundError:
    used = set()
for p in range(low, high + 1):
    if str(p) not in used and free(p):
        open(handed, "a").write(f"{p}\n"); print(p); sys.exit(0)
sys.exit(f"no free port left in BENCH_PORTS={span}")
PY
}

# The distribution's tar.gz, built first when missing.
distribution_archive() {
  local archive
  archive=$(ls "$root"/distribution/target/imio-platform-*.tar.gz 2>/dev/null | head -1)
  if [ -z "$archive" ]; then
    mvn -q -B -ntp -f "$root/pom.xml" install -DskipTests >/dev/null
    archive=$(ls "$root"/distribution/target/imio-platform-*.tar.gz | head -1)
  fi
  echo "$archive"
}

# Unpacks the distribution into $work and starts a central repository there, with publisher
# 'bench' (namespace be.imio.bench, password in $password); sets home and http (its HTTP port).
# The caller's clean-up stops it.
start_bench_repository() {
  tar xzf "$(distribution_archive)" -C "$work"
  home=$(echo "$work"/imio-platform-*)
  http=$(port)
  "$home/bin/imio" create "$work/repository" --role repository --http-port "$http" --ssh-port "$(port)" >/dev/null
  password="bench-$RANDOM$RANDOM"
  digest=$(printf '%s' "$password" | sha512sum | cut -d' ' -f1)
  echo "bench = {CRYPT}$digest{CRYPT},publisher" >> "$work/repository/etc/users.properties"
  echo "bench = ${BENCH_NAMESPACE:-be.imio.bench}" > "$work/repository/etc/be.imio.platform.repository.publishers.cfg"
  (HOME="$work" "$home/bin/imio" run "$work/repository" >"$work/repository.out" 2>&1 &)
  for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$http/health" && break; sleep 0.2; done
}

# Starts nginx with one worker serving the folder $1 on a free port of loopback (with ETag and
# sendfile, as a mirror would); sets nginx_port. Started as root, nginx's worker would drop to an
# unprivileged user who cannot read this private folder: every answer would be a 403 and the
# comparison meaningless, so it keeps root's user then.
start_nginx() {
  nginx_port=$(port)
  cat > "$work/nginx.conf" <<CONF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  etag on;
  server { listen 127.0.0.1:$nginx_port; root $1; }
}
CONF
  nginx -c "$work/nginx.conf"
}

# Stops what start_bench_repository and the benchmark started (the repository, nginx) and removes
# $work: the benchmarks' EXIT trap.
stop_bench_repository() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [ -d "$work/repository" ] && "$home/bin/imio" stop "$work/repository" >/dev/null 2>&1 || true
  rm -rf "$work"
}
