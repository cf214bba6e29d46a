#!/usr/bin/env python3
"""Floods a `keyrx run --virtual` on 127.0.0.1 with silent TCP connections and prints the
daemon's descriptors and resident memory before, at the peak and after, and the worst
/healthz latency during the flood.

    python3 scripts/web-flood.py target/debug/keyrx 15000

Loopback only; the count is bounded by this process's descriptor limit.
"""
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "target/debug/keyrx"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 15000
port = int(sys.argv[3]) if len(sys.argv) > 3 else 19867
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
count = min(count, hard - 64)

home = tempfile.mkdtemp(prefix="keyrx-flood-")
env = dict(os.environ, HOME=home, XDG_STATE_HOME=f"{home}/state", XDG_CONFIG_HOME=f"{home}/config")
daemon = subprocess.Popen(
    [binary, "run", "--virtual", "--web-bind", f"127.0.0.1:{port}"],
    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def fds():
    return len(os.listdir(f"/proc/{daemon.pid}/fd"))


def rss_kib():
    with open(f"/proc/{daemon.pid}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def health_ms():
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := s.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
    return (time.monotonic() - started) * 1000


try:
    for _ in range(200):
        try:
            health_ms()
            break
        except OSError:
            time.sleep(0.05)
    time.sleep(0.5)
    print(f"before: {fds()} descriptors, RSS {rss_kib()} KiB")
    flood, worst = [], 0.0
    for i in range(count):
        flood.append(socket.create_connection(("127.0.0.1", port)))
        if i % 1000 == 999:
            worst = max(worst, health_ms())
    print(f"{count} silent connections: {fds()} descriptors, RSS {rss_kib()} KiB, "
          f"worst /healthz {worst:.1f} ms")
    time.sleep(6)
    print(f"6 s later: {fds()} descriptors, RSS {rss_kib()} KiB, /healthz {health_ms():.1f} ms")
    for conn in flood:
        conn.close()
finally:
    daemon.terminate()
    daemon.wait()
