#!/usr/bin/env python3
"""Splits a process's resident pages by what they are, from a copy of /proc/<pid>/smaps.

Usage: scripts/smaps-split.py FILE.smaps [FILE.smaps ...]   (e.g. the copies profile-scenarios.py writes)

Groups every mapping's Rss: managed assemblies (.dll) and native libraries (.so), the runtime's W^X
double map of JIT-compiled code (memfd:doublemapper), glibc's per-thread malloc arenas (anonymous heaps
at 64 MiB-aligned addresses whose read-write part and reserved rest make 64 MiB, docs/facts.md §26) and
its main arena ([heap]), thread stacks (a read-write mapping right after a 4 KiB guard page), and the
rest of the anonymous memory (the GC's regions, the runtime's own data). A heuristic from the mappings'
shapes, good enough to compare two processes of the same runtime; not part of the benchmark or of CI.
"""
import collections
import re
import sys

ARENA = 64 << 20
LINE = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$")


def parse(path):
    maps = []
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                maps.append({"start": int(m.group(1), 16), "end": int(m.group(2), 16), "perm": m.group(3), "path": m.group(4).strip()})
                continue
            key, _, value = line.partition(":")
            if maps and value.strip().endswith("kB"):
                maps[-1][key] = int(value.split()[0])
    return maps


def kind(maps, i):
    m = maps[i]
    path = m["path"]
    prev = maps[i - 1] if i > 0 else None
    nxt = maps[i + 1] if i + 1 < len(maps) else None
    writable = "rw" in m["perm"]
    if path.startswith("/memfd:doublemapper"):
        return "code", "W^X double map of JIT-compiled code"
    if path.startswith("/") and path.endswith(".dll"):
        return "code", "managed assemblies (.dll)"
    if path.startswith("/") and ".so" in path:
        return "code", "native libraries (.so)"
    if path.startswith("/"):
        return "code", "other files"
    if path == "[heap]":
        return "malloc", "glibc main arena [heap]"
    if path.startswith("["):
        return "other", path
    if writable and prev and prev["perm"] == "---p" and prev["end"] == m["start"] and prev["end"] - prev["start"] == 4096:
        return "stacks", "thread stacks"
    if writable and m["start"] % ARENA == 0 and nxt and nxt["perm"] == "---p" and nxt["start"] == m["end"] and nxt["end"] - m["start"] == ARENA:
        return "malloc", "glibc per-thread arenas"
    if writable and m["start"] % ARENA == 0 and m["end"] - m["start"] == ARENA:
        return "malloc", "glibc per-thread arenas"
    return "gc", "other anonymous (GC regions, runtime data)"


def main():
    for path in sys.argv[1:]:
        maps = parse(path)
        groups = collections.Counter()
        parts = collections.Counter()
        for i, m in enumerate(maps):
            group, part = kind(maps, i)
            groups[group] += m.get("Rss", 0)
            parts[part] += m.get("Rss", 0)
        total = sum(groups.values())
        print(f"{path}: Rss {total / 1024:.1f} MiB = code {groups['code'] / 1024:.1f} + GC and runtime anon {groups['gc'] / 1024:.1f}"
              f" + malloc {groups['malloc'] / 1024:.1f} + stacks {groups['stacks'] / 1024:.1f} + other {groups['other'] / 1024:.1f}")
        for part, kib in parts.most_common():
            if kib >= 256:
                print(f"  {kib / 1024:7.1f} MiB  {part}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
