#!/usr/bin/env python3
"""Reads the console of a vmtest/compare.sh run on stdin and prints its table: per daemon,
the median over the rounds and, in brackets, the spread (lowest-highest round)."""
import re
import statistics
import sys
from collections import defaultdict

block = None  # (daemon, round)
baseline = {}  # round -> baseline median, p99
data = defaultdict(lambda: defaultdict(list))  # daemon -> metric -> [value per round]
rss_seen = defaultdict(int)


def fields(line):
    return dict(kv.split("=", 1) for kv in line.split() if "=" in kv)


for line in sys.stdin:
    m = re.search(r"BENCH daemon=(\S+) round=(\d+)", line)
    if m:
        block = (m.group(1), int(m.group(2)))
        continue
    if re.search(r"BENCH baseline round=", line):
        block = None
        continue
    if not line.startswith("RESULT ") or block is None:
        continue
    kind = line.split()[1]
    f = fields(line)
    d, r = block
    m = data[d]
    if kind == "idle":
        m["idle_cpu"].append(float(f["cpu_ms_per_s"]))
        m["idle_wakeups"].append(float(f["wakeups"]) / (float(f["ms"]) / 1000))
    elif kind == "rss":
        key = "rss_start" if rss_seen[block] == 0 else "rss_after"
        rss_seen[block] += 1
        m[key].append(float(f["vmrss_kb"]) / 1024)
    elif kind == "daemon-cpu":
        m["cpu_event"].append(float(f["cpu_ns_per_event"]) / 1000)
    elif kind == "added-latency":
        m["added_median"].append(float(f["median_us"]))
        m["added_p99"].append(float(f["p99_us"]))
        m["round"].append(r)
    elif kind == "latency":
        m["lat_p99"].append(float(f["p99_us"]))
    elif kind == "hold-timing":
        m["hold_median"].append(float(f["median_us"]))
        m["hold_max"].append(float(f["max_us"]))
        m["hold_min"].append(float(f["min_us"]))

if not data:
    sys.exit("compare_table.py: no figures in the log (did the scenario run?)")

# keyrx's own cost: its added latency minus echod's, round by round.
echo = data.get("echod", {})
echo_by_round = dict(zip(echo.get("round", []), zip(echo.get("added_median", []), echo.get("added_p99", []))))
for d, m in data.items():
    for r, med, p99 in zip(m.get("round", []), m.get("added_median", []), m.get("added_p99", [])):
        if d != "echod" and r in echo_by_round:
            m["own_median"].append(med - echo_by_round[r][0])
            m["own_p99"].append(p99 - echo_by_round[r][1])


def cell(values, fmt="{:.1f}"):
    if not values:
        return "—"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def pair(a, b, fmt="{:.1f}"):
    if not a:
        return "—"
    return f"{cell(a, fmt)} / {cell(b, fmt)}"


daemons = list(data)
rows = [
    ("added latency median / p99, µs", lambda m: pair(m.get("added_median"), m.get("added_p99"))),
    ("own cost over echod median / p99, µs", lambda m: pair(m.get("own_median"), m.get("own_p99"))),
    ("CPU per event (on-CPU time), µs", lambda m: cell(m.get("cpu_event"))),
    ("CPU while idle, ms/s", lambda m: cell(m.get("idle_cpu"), "{:.2f}")),
    ("wake-ups while idle, per s", lambda m: cell(m.get("idle_wakeups"), "{:.1f}")),
    ("RSS at start / after the run, MB", lambda m: pair(m.get("rss_start"), m.get("rss_after"), "{:.2f}")),
    ("tap-hold 200 ms lateness median / max, µs", lambda m: pair(m.get("hold_median"), m.get("hold_max"), "{:.0f}")),
    ("tap-hold earliest, µs (negative: fired early)", lambda m: cell(m.get("hold_min"), "{:.0f}")),
]
print("| | " + " | ".join(daemons) + " |")
print("|---|" + "---|" * len(daemons))
for name, get in rows:
    print(f"| {name} | " + " | ".join(get(data[d]) for d in daemons) + " |")
print("\nEach cell: median over the rounds (lowest–highest round).")
