#!/usr/bin/env python3
"""Commune host figures, measured on a real repository and host started here.

1. Enabling a module from the verified cache (REST, until its page answers) against Karaf's own
   `feature:install` of the same feature from the same verified features XML (shell, until its
   page answers; the shell's connection time, measured apart, is taken off).
2. Updating a module (REST, until the new version answers) against `bundle:update` of the same
   bundle with the new jar (shell, until the new version answers, connection time taken off).
3. 20 swaps (--swaps N for more) under three clients: two asking for the module's page without
   pause, one over a kept-alive connection, one with a new connection per request, and one saving a
   note (POST, JSON, as admin) every 50 ms: answers per status (target: 200 only, 201 for the notes),
   latency p50/p99/max (target p99 under 1 s), and each swap's time from the request to the new
   version answering.
4. A broken release (a component that throws in activate, no health check of its own): from the
   update request until its rollback has ended (target under 5 s), and what a visitor got meanwhile.

Usage: distribution/bench/host.py [--runs N] [--swaps N] [--keep]   (builds the distribution first if it is missing;
--keep leaves the instances' folders, logs included; BENCH_PORTS=FROM-TO takes every port from that range;
the instances live under TMPDIR, and Maven builds the test modules with its usual local repository,
MAVEN_OPTS=-Dmaven.repo.local=DIR to keep it apart)
"""
import argparse
import glob
import hashlib
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import base64
import datetime

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


_handed_out = set()


def free_port():
    """A free port on loopback: from BENCH_PORTS=FROM-TO when set (each handed out once), else any."""
    span = os.environ.get("BENCH_PORTS")
    candidates = [0]
    if span:
        low, high = (int(x) for x in span.split("-"))
        candidates = [p for p in range(low, high + 1) if p not in _handed_out]
    for candidate in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", candidate))
            except OSError:
                continue
            _handed_out.add(s.getsockname()[1])
            return s.getsockname()[1]
    raise SystemExit(f"no free port left in BENCH_PORTS={span}")


class Instance:
    def __init__(self, home, folder, role, extra=()):
        self.home, self.dir, self.http, self.ssh = home, folder, free_port(), free_port()
        subprocess.run([f"{home}/bin/imio", "create", folder, "--role", role, "--http-port", str(self.http),
                        "--ssh-port", str(self.ssh), *extra], check=True, stdout=subprocess.DEVNULL)
        self.password = open(f"{folder}/admin-password.txt").read().strip()

    def start(self):
        env = dict(os.environ, HOME=os.path.dirname(self.dir))
        self.process = subprocess.Popen([f"{self.home}/bin/imio", "run", self.dir], env=env,
                                        stdout=open(f"{self.dir}.out", "w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.status("/health") == 200 and self.status("/api/status") == 401:
                return
            time.sleep(0.2)
        raise SystemExit(f"{self.dir} did not start")

    def stop(self):
        subprocess.run([f"{self.home}/bin/imio", "stop", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.process.wait(60)

    def request(self, method, path, body=None, auth=True):
        connection = http.client.HTTPConnection("127.0.0.1", self.http, timeout=30)
        headers = {}
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(f"admin:{self.password}".encode()).decode()
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, data

    def status(self, path):
        try:
            return self.request("GET", path, auth=False)[0]
        except OSError:
            return 0

    def json(self, method, path, body=None):
        status, data = self.request(method, path, body)
        if not data.startswith(b"{"):
            raise SystemExit(f"{method} {path}: HTTP {status} {data[:200]!r}")
        return status, json.loads(data)

    def shell(self, commands):
        started = time.perf_counter()
        subprocess.run([f"{self.home}/bin/client", "-a", str(self.ssh), "-u", "admin", "-p", self.password, "-r", "3"],
                       input=commands + "\n", text=True, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=os.path.dirname(self.dir)))
        return time.perf_counter() - started


def unpacked_distribution(prefix):
    """A fresh folder with the built distribution unpacked in it (built first when missing): (folder, home)."""
    archives = glob.glob(f"{ROOT}/distribution/target/imio-platform-*.tar.gz")
    if not archives or not glob.glob(f"{ROOT}/plugins/*/release-*/target/*.jar"):
        subprocess.run(["mvn", "-q", "-B", "-ntp", "-f", f"{ROOT}/pom.xml", "install", "-DskipTests"], check=True)
        archives = glob.glob(f"{ROOT}/distribution/target/imio-platform-*.tar.gz")
    work = tempfile.mkdtemp(prefix=prefix)
    subprocess.run(["tar", "xzf", archives[0], "-C", work], check=True)
    return work, glob.glob(f"{work}/imio-platform-*")[0]


def start_repository_and_host(home, work, namespace, instances):
    """A repository with a publisher for {namespace}, and a host that trusts it and follows its testing
    channel, both started (and added to {instances}); answers them with the publisher's name and password."""
    repository = Instance(home, f"{work}/repository", "repository")
    publisher = "bench" + str(os.getpid())
    secret = "bench-" + hashlib.sha256(os.urandom(16)).hexdigest()[:20]
    with open(f"{repository.dir}/etc/users.properties", "a") as users:
        users.write(f"{publisher} = {{CRYPT}}{hashlib.sha512(secret.encode()).hexdigest()}{{CRYPT}},publisher\n")
    with open(f"{repository.dir}/etc/be.imio.platform.repository.publishers.cfg", "w") as cfg:
        cfg.write(f"{publisher} = {namespace}\n")
    repository.start()
    instances.append(repository)
    root = urllib.request.urlopen(f"http://127.0.0.1:{repository.http}/repository/metadata/1.root.json").read()
    host = Instance(home, f"{work}/host", "host", ["--repository", f"http://127.0.0.1:{repository.http}",
                                                   "--root-fingerprint", hashlib.sha256(root).hexdigest()])
    with open(f"{host.dir}/etc/be.imio.platform.host.cfg", "a") as cfg:
        cfg.write("\nchannel = testing\nsyncIntervalSeconds = 3600\n")
    host.start()
    instances.append(host)
    for _ in range(100):
        if host.request("GET", "/api/host/status")[0] == 200:
            break
        time.sleep(0.1)
    return repository, host, publisher, secret


def wait_page(host, expected, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        try:
            status, body = host.request("GET", "/modules/swap/public/version", auth=False)
            if status == 200 and body.decode() == expected:
                return
        except OSError:
            pass
        time.sleep(0.005)
    raise SystemExit(f"the page never said {expected!r}")


class PageWatcher(threading.Thread):
    """Notes when the module's public page first says {expected}, polling every few milliseconds."""

    def __init__(self, host, expected):
        super().__init__(daemon=True)
        self.host, self.expected, self.seen, self.last_other = host, expected, None, None
        self.start()

    def run(self):
        deadline = time.time() + 60
        while self.seen is None and time.time() < deadline:
            try:
                status, body = self.host.request("GET", "/modules/swap/public/version", auth=False)
                if status == 200 and body.decode() == self.expected:
                    self.seen = time.time()
                elif status == 200:
                    self.last_other = time.time()
            except OSError:
                pass
            time.sleep(0.003)

    def answered(self):
        self.join(60)
        if self.seen is None:
            raise SystemExit(f"the page never said {self.expected!r}")
        return self.seen

    def gap(self):
        """How long no version answered: from the old version's last answer to the new one's first."""
        return self.seen - self.last_other if self.last_other else 0.0


class SwapClient(threading.Thread):
    """Asks for the module's page without pause until stopped, counting answers per status and
    timing each request; over one kept-alive connection, or a new connection per request. With
    {post}, a member of staff saving a note (admin, JSON body) every 50 ms instead: where a swap is
    felt, since a change waits for the release it goes to."""

    def __init__(self, host, keep_alive, path="/modules/swap/public/version", post=False):
        super().__init__(daemon=True)
        self.host, self.keep_alive, self.path, self.post = host, keep_alive, path, post
        self.name = ("saving notes (POST), " if post else "") + ("kept-alive" if keep_alive else "new connection per request")
        self.counts, self.samples, self.latencies, self.stopping = {}, {}, [], threading.Event()
        self.start()

    def run(self):
        connection = None
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.host.http, timeout=30)
                headers = {} if self.keep_alive else {"Connection": "close"}
                if self.post:
                    headers["Authorization"] = "Basic " + base64.b64encode(
                        f"admin:{self.host.password}".encode()).decode()
                    headers["Content-Type"] = "application/json"
                    connection.request("POST", "/modules/swap/notes", body=json.dumps({"text": "note"}), headers=headers)
                else:
                    connection.request("GET", self.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                status = response.status
                if not self.keep_alive or response.will_close:
                    connection.close()
                    connection = None
            except OSError as e:
                status, body = "connection error", str(e).encode()
                connection = None
            self.latencies.append(time.perf_counter() - started)
            self.counts[status] = self.counts.get(status, 0) + 1
            if status not in self.samples:
                self.samples[status] = f"{time.strftime('%H:%M:%S')} {body[:300]!r}"
            if self.post:
                time.sleep(0.05)

    def stop(self):
        self.stopping.set()
        self.join(60)


def percentile(values, percent):
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-percent * len(ordered) // 100) - 1))]


def log_size(host):
    return os.path.getsize(f"{host.dir}/data/log/karaf.log")


def logged_at(host, offset, needle):
    """Time of the first karaf.log line after {offset} that contains {needle}: when Karaf began."""
    with open(f"{host.dir}/data/log/karaf.log", "rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            if needle in line:
                return datetime.datetime.strptime(line[:23], "%Y-%m-%dT%H:%M:%S,%f").timestamp()
    raise SystemExit(f"karaf.log has no line with {needle!r}")


def operate(host, action, body=None, module="swap", expect="succeeded"):
    """Runs {action} on {module} through the REST API and waits until it ends {expect}; answers the operation."""
    status, answer = host.json("POST", f"/api/host/modules/{module}/{action}", body or {})
    if status != 202:
        raise SystemExit(f"{action} {module}: {status} {answer}")
    op = answer["operation"]["id"]
    while True:
        status, operation = host.json("GET", f"/api/host/operations/{op}")
        if operation["state"] not in ("queued", "running"):
            if operation["state"] != expect:
                raise SystemExit(f"{action} {module} ended {operation}")
            return operation
        time.sleep(0.02)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--swaps", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    arguments = parser.parse_args()
    runs = arguments.runs
    work, home = unpacked_distribution("imio-bench-host-")
    instances = []
    try:
        repository, host, publisher, secret = start_repository_and_host(home, work, "be.imio.solutions", instances)

        settings = f"{work}/settings.xml"
        with open(settings, "w") as out:
            out.write(f"<settings><servers><server><id>imio</id><username>{publisher}</username>"
                      f"<password>{secret}</password></server></servers></settings>")
        # The probe module: 1.0.0 works, 1.0.1's servlet component throws in activate (no health check).
        for version, fail in (("1.0.0", "false"), ("1.0.1", "true")):
            project = f"{work}/probe-{version}"
            shutil.copytree(f"{ROOT}/distribution/src/test/resources/probe-module", project,
                            ignore=shutil.ignore_patterns("target"))
            subprocess.run(["mvn", "-q", "-B", "-ntp", "-s", settings, "deploy", f"-Dmodule.version={version}",
                            f"-Dprobe.fail={fail}", f"-Dapi.jar={home}/lib/imio/imio-platform-api.jar",
                            f"-DaltDeploymentRepository=imio::http://127.0.0.1:{repository.http}/repository/maven"],
                           cwd=project, check=True, stdout=subprocess.DEVNULL)
        for version in ("1.0.0", "2.0.0"):
            project = f"{work}/swap-{version}"
            shutil.copytree(f"{ROOT}/distribution/src/test/resources/swap-module", project,
                            ignore=shutil.ignore_patterns("target"))
            subprocess.run(["mvn", "-q", "-B", "-ntp", "-s", settings, "deploy", f"-Dmodule.version={version}",
                            f"-Dapi.jar={home}/lib/imio/imio-platform-api.jar",
                            f"-DaltDeploymentRepository=imio::http://127.0.0.1:{repository.http}/repository/maven"],
                           cwd=project, check=True, stdout=subprocess.DEVNULL)
        host.json("POST", "/api/host/sync", {})

        # Warm up: the first enable downloads into the verified cache; one round of each path.
        operate(host, "enable", {"version": "1.0.0"})
        wait_page(host, "swap 1.0.0")
        operate(host, "disable")
        verified = f"{host.dir}/data/host/verified/be/imio/solutions/swap"
        features_uri = f"file:{verified}/1.0.0/swap-1.0.0-features.xml"

        # Swaps (20 unless told) under two clients, module enabled at 1.0.0: one keeps its connection
        # alive as a browser does, one opens a new connection per request.
        operate(host, "enable", {"version": "1.0.0"})
        wait_page(host, "swap 1.0.0")
        clients = [SwapClient(host, keep_alive=True), SwapClient(host, keep_alive=False),
                   SwapClient(host, keep_alive=True, post=True)]
        swap_times = []
        for swap in range(arguments.swaps):
            watcher = PageWatcher(host, "swap 2.0.0" if swap % 2 == 0 else "swap 1.0.0")
            started = time.time()
            operate(host, "update" if swap % 2 == 0 else "rollback", {"version": "2.0.0"} if swap % 2 == 0 else {})
            swap_times.append(watcher.answered() - started)
        for client in clients:
            client.stop()
        operate(host, "disable")

        # Shell commands are timed from the karaf.log line that shows Karaf starting on them, so
        # that the SSH connection of bin/client is not counted; REST requests from when they are sent.
        enable, install = [], []
        for _ in range(runs):
            watcher = PageWatcher(host, "swap 1.0.0")
            started = time.time()
            operate(host, "enable", {"version": "1.0.0"})
            enable.append(watcher.answered() - started)
            operate(host, "disable")
        host.shell(f"feature:repo-add {features_uri}")
        for _ in range(runs):
            watcher = PageWatcher(host, "swap 1.0.0")
            offset = log_size(host)
            host.shell("feature:install swap/1.0.0")
            install.append(watcher.answered() - logged_at(host, offset, "Adding features: swap"))
            host.shell("feature:uninstall swap/1.0.0")
        host.shell(f"feature:repo-remove {features_uri}")

        operate(host, "enable", {"version": "1.0.0"})
        wait_page(host, "swap 1.0.0")
        update, bundle_update, update_gap, bundle_update_gap = [], [], [], []
        for _ in range(runs):
            watcher = PageWatcher(host, "swap 2.0.0")
            started = time.time()
            operate(host, "update", {"version": "2.0.0"})
            update.append(watcher.answered() - started)
            update_gap.append(watcher.gap())
            operate(host, "rollback")
            wait_page(host, "swap 1.0.0")
        # Karaf logs nothing when bundle:update starts: the command is timed from the log line of
        # bin/client's SSH session being authenticated (the command runs right after it), so that
        # the client's own start and connection are not counted.
        for _ in range(runs):
            watcher = PageWatcher(host, "swap 2.0.0")
            offset = log_size(host)
            host.shell(f"bundle:update be.imio.solutions.swap file:{verified}/2.0.0/swap-2.0.0.jar")
            bundle_update.append(watcher.answered() - logged_at(host, offset, "authenticated"))
            bundle_update_gap.append(watcher.gap())
            host.shell(f"bundle:update be.imio.solutions.swap file:{verified}/1.0.0/swap-1.0.0.jar")
            wait_page(host, "swap 1.0.0")

        # A broken release (its component throws in activate), with the default health time limit:
        # from the update request until its rollback has ended, and what a visitor saw meanwhile.
        operate(host, "enable", {"version": "1.0.0"}, module="probe")
        broken, visitor = [], SwapClient(host, keep_alive=True, path="/modules/probe/public/version")
        for _ in range(runs):
            started = time.time()
            operate(host, "update", {"version": "1.0.1"}, module="probe", expect="rolled_back")
            broken.append(time.time() - started)
        visitor.stop()
        operate(host, "disable", module="probe")

        def ms(values):
            raw = " ".join(f"{v * 1000:.0f}" for v in values)
            return f"{statistics.median(values) * 1000:7.0f} ms (each: {raw})"
        print(f"\nCommune host, median of {runs} runs, then every run's value in ms")
        print(f"  enable from verified cache, until the page answers   {ms(enable)}")
        print(f"  feature:install of the same feature, until it answers {ms(install)}   ratio {statistics.median(enable) / statistics.median(install):.2f} (target <= 0.5)")
        print(f"  update 1.0.0 -> 2.0.0, until 2.0.0 answers           {ms(update)}")
        print(f"  bundle:update with the 2.0.0 jar, until it answers   {ms(bundle_update)}   ratio {statistics.median(update) / max(statistics.median(bundle_update), 0.001):.2f} (target <= 1.0)")
        print(f"  no version answering during the update               {ms(update_gap)}")
        print(f"  no version answering during bundle:update            {ms(bundle_update_gap)}")
        print(f"  broken release (activate throws) until rolled back   {ms(broken)}   (target < 5000 ms); a visitor meanwhile: "
              f"{dict(sorted(visitor.counts.items(), key=str))}")
        print(f"  {arguments.swaps} swaps, request until the new version answers: median {ms(swap_times)}, "
              f"max {max(swap_times) * 1000:.0f} ms")
        for client in clients:
            expected = 201 if client.post else 200
            print(f"  {arguments.swaps} swaps, client {client.name}: {len(client.latencies)} requests, answers "
                  f"{dict(sorted(client.counts.items(), key=str))} (target: {expected} only), latency "
                  f"p50 {percentile(client.latencies, 50) * 1000:.0f} ms, p99 {percentile(client.latencies, 99) * 1000:.0f} ms "
                  f"(target < 1000), max {max(client.latencies) * 1000:.0f} ms")
            for status, sample in client.samples.items():
                if status != expected:
                    print(f"    first answer {status}: {sample}")
    finally:
        for instance in reversed(instances):
            try:
                instance.stop()
            except Exception as e:
                print(f"could not stop {instance.dir}: {e}", file=sys.stderr)
        if arguments.keep:
            print(f"instances kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
