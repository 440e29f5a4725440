# Sourced by the benchmark scripts: Java 17 on the PATH, free ports, the built distribution.
# Expects $root, the repository's top folder.

if [ -z "${JAVA_HOME:-}" ]; then
  for c in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk; do [ -x "$c/bin/java" ] && export JAVA_HOME=$c && break; done
fi
export PATH="$JAVA_HOME/bin:$PATH"

# A free TCP port on loopback.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

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
