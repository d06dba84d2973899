#!/usr/bin/env python3
"""Watches a benchmark run from outside and profiles each scenario child process it starts.

Usage: scripts/profile-scenarios.py OUT_DIR --work WORK_DIR [--counters] [--gcdump-at S,S,...] [--interval 0.2]

Run it beside `dotnet run -c Release --project OssUnzip.Benchmarks -- --work WORK_DIR ...`. For every
process whose command line is the benchmark's `scenario REQUEST.json` with the request under WORK_DIR
(other runs on the machine are left alone), it reads the request (scenario, latency) and
writes into OUT_DIR, named <n>-<scenario>-<latency>ms:
  .csv          every INTERVAL s from /proc/<pid>/status: seconds since seen, VmRSS, VmHWM, RssAnon,
                RssFile, RssShmem (KiB) and Threads; nothing is done inside the process, so it costs
                the process nothing;
  .smaps        /proc/<pid>/smaps at the highest VmRSS seen (rewritten at each new peak of 1 MiB more);
  .counters.csv with --counters: `dotnet-counters collect --counters System.Runtime` attached for the
                process's life (an EventPipe session inside the process: adds a little memory itself);
  .S.gcdump     with --gcdump-at: `dotnet-gcdump collect` S seconds after the process was seen (each
                dump forces a full collection and adds a spike of its own; use it in a separate run).
Stops on Ctrl-C or SIGTERM. Not part of the benchmark or of CI; docs/benchmarks.md, "Issue 21: W2
at 10 ms, ours against raw PUT", says how it was used.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

TOOLS = os.path.expanduser("~/.dotnet/tools")
# OssUnzip.Benchmarks/Scenarios/ScenarioKind.cs, in order (the request carries the number).
SCENARIOS = ["ours", "naive", "cli", "unzip-null", "zip-null", "gunzip-null", "raw-put", "raw-get", "shards"]


def scenario_children(work):
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        argv = [a.decode(errors="replace") for a in argv if a]
        if len(argv) >= 2 and argv[-2] == "scenario" and argv[-1].endswith("request.json") and os.path.realpath(argv[-1]).startswith(work):
            yield int(pid), argv[-1]


def status(pid):
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile", "RssShmem", "Threads"):
                values[key] = int(rest.split()[0])
    return values


class Watched:
    def __init__(self, pid, request_path, out, number, args):
        self.pid = pid
        self.seen = time.monotonic()
        try:
            with open(request_path) as f:
                request = json.load(f)
            kind = request.get("Scenario")
            name = f"{SCENARIOS[kind] if isinstance(kind, int) and kind < len(SCENARIOS) else kind}-{request.get('LatencyMs')}ms"
        except (OSError, ValueError):
            name = "unknown"
        self.base = os.path.join(out, f"{number:02d}-{name}")
        self.csv = open(self.base + ".csv", "w")
        self.csv.write("seconds,VmRSS,VmHWM,RssAnon,RssFile,RssShmem,Threads\n")
        self.peak = 0
        self.gcdumps = sorted(args.gcdump_at)
        self.counters = None
        if args.counters:
            self.counters = subprocess.Popen(
                [os.path.join(TOOLS, "dotnet-counters"), "collect", "-p", str(pid), "--counters", "System.Runtime",
                 "--refresh-interval", "1", "--format", "csv", "-o", self.base + ".counters.csv"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"watching {pid} as {os.path.basename(self.base)}", flush=True)

    def sample(self):
        elapsed = time.monotonic() - self.seen
        s = status(self.pid)
        self.csv.write(f"{elapsed:.2f},{s['VmRSS']},{s['VmHWM']},{s['RssAnon']},{s['RssFile']},{s['RssShmem']},{s['Threads']}\n")
        if s["VmRSS"] > self.peak + 1024:
            self.peak = s["VmRSS"]
            try:
                shutil.copyfile(f"/proc/{self.pid}/smaps", self.base + ".smaps.tmp")
                os.replace(self.base + ".smaps.tmp", self.base + ".smaps")
                with open(self.base + ".smaps.at", "w") as f:
                    f.write(f"{elapsed:.2f} s, VmRSS {s['VmRSS']} KiB\n")
            except OSError:
                pass
        while self.gcdumps and elapsed >= self.gcdumps[0]:
            at = self.gcdumps.pop(0)
            subprocess.Popen(
                [os.path.join(TOOLS, "dotnet-gcdump"), "collect", "-p", str(self.pid), "-o", f"{self.base}.{at:g}.gcdump"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def close(self):
        self.csv.close()
        if self.counters is not None:
            try:
                self.counters.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.counters.terminate()
        print(f"done {self.pid} ({os.path.basename(self.base)}), highest VmRSS sampled {self.peak >> 10} MiB", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--work", required=True, help="the benchmark's --work directory")
    parser.add_argument("--counters", action="store_true")
    parser.add_argument("--gcdump-at", type=lambda v: [float(x) for x in v.split(",") if x], default=[])
    parser.add_argument("--interval", type=float, default=0.2)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    # A background job of a script ignores SIGINT, so SIGTERM ends the watch the same way.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    watched = {}
    number = 0
    try:
        while True:
            for pid, request in scenario_children(os.path.realpath(args.work) + os.sep):
                if pid not in watched:
                    number += 1
                    watched[pid] = Watched(pid, request, args.out, number, args)
            for pid in list(watched):
                try:
                    watched[pid].sample()
                except (OSError, KeyError):
                    watched.pop(pid).close()
            time.sleep(args.interval)
    except KeyboardInterrupt:
        for w in watched.values():
            w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
