#!/usr/bin/env python3
"""Shared solutions' figures, on a real repository and host started here: the host's resident
memory with no module and with the three solutions enabled (marginal cost per module), and the time
of each enable (1.0.0) and each update (to 1.1.0), from the REST request until the operation ended.

Usage: distribution/bench/solutions.py   (builds the distribution first if it is missing)
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from host import ROOT, operate, start_repository_and_host, unpacked_distribution  # noqa: E402  (the sibling benchmark's helpers)

SOLUTIONS = ("courrier", "conseil", "salles")


def rss_mb(instance):
    """Resident memory of the instance's Java process, after a full GC, in MB."""
    pid = subprocess.run(["pgrep", "-f", f"karaf.base={instance.dir}"], capture_output=True, text=True).stdout.split()
    pid = pid[0] if pid else subprocess.run(["pgrep", "-f", instance.dir], capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["jcmd", pid, "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(host, module, action, version):
    """Seconds from the request to the end of the operation."""
    started = time.perf_counter()
    operate(host, action, {"version": version}, module)
    return time.perf_counter() - started


def main():
    work, home = unpacked_distribution("imio-bench-solutions-")
    instances = []
    try:
        repository, host, publisher, secret = start_repository_and_host(home, work, "be.imio.platform", instances)
        for module in SOLUTIONS:
            for version in ("1.0.0", "1.1.0"):
                release = f"{ROOT}/plugins/{module}/release-{version}"
                base = f"be/imio/platform/{module}/{version}/{module}-{version}"
                for path, suffix in ((f"{release}/target/{module}-{version}.jar", ".jar"),
                                     (f"{release}/target/.flattened-pom.xml", ".pom"),
                                     (f"{release}/target/feature/features.xml", "-features.xml")):
                    subprocess.run(["curl", "-fsS", "-o", "/dev/null", "-u", f"{publisher}:{secret}", "-T", path,
                                    f"http://127.0.0.1:{repository.http}/repository/maven/{base}{suffix}"], check=True)
        host.json("POST", "/api/host/sync", {})
        time.sleep(5)
        bare = rss_mb(host)
        enables, updates = {}, {}
        for module in SOLUTIONS:
            enables[module] = timed(host, module, "enable", "1.0.0")
        with_three = rss_mb(host)
        for module in SOLUTIONS:
            updates[module] = timed(host, module, "update", "1.1.0")
        print("\nShared solutions on a commune host")
        print(f"  RSS after a full GC, no module                 {bare:6.0f} MB")
        print(f"  RSS after a full GC, three solutions enabled   {with_three:6.0f} MB"
              f"   (+{(with_three - bare) / len(SOLUTIONS):.1f} MB per module)")
        for module in SOLUTIONS:
            print(f"  {module:9s} enable 1.0.0 {enables[module] * 1000:6.0f} ms   update to 1.1.0 {updates[module] * 1000:6.0f} ms")
    finally:
        for instance in reversed(instances):
            try:
                instance.stop()
            except Exception as e:
                print(f"could not stop {instance.dir}: {e}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
