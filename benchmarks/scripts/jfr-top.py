#!/usr/bin/env python3
"""Summarises a JFR recording from `-prof jfr`: where the CPU samples and the allocation go.

Usage: benchmarks/scripts/jfr-top.py path/to/profile.jfr [top-n]

CPU: jdk.ExecutionSample counted by top frame and by the first Latchkey frame on the stack.
Allocation: jdk.ObjectAllocationSample weighed by bytes, by allocated class and allocating frame.
Needs the JDK's `jfr` tool on the PATH.
"""
import collections
import json
import subprocess
import sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "24", "--events", name, path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame(f):
    m = f["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def first_own(frames):
    for f in frames:
        name = frame(f)
        if name.startswith("dev.latchkey.") and ".benchmarks." not in name and "jmh_generated" not in name:
            return name
    return "(no Latchkey frame)"


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    cpu_top, cpu_own = collections.Counter(), collections.Counter()
    samples = events(path, "jdk.ExecutionSample")
    for e in samples:
        frames = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
        if frames:
            cpu_top[frame(frames[0])] += 1
            cpu_own[first_own(frames)] += 1
    print(f"CPU samples: {len(samples)}")
    for title, c in (("top frame", cpu_top), ("first Latchkey frame", cpu_own)):
        print(f"  by {title}:")
        for k, v in c.most_common(top):
            print(f"    {100.0 * v / max(1, len(samples)):5.1f}%  {k}")
    alloc = collections.Counter()
    total = 0
    for e in events(path, "jdk.ObjectAllocationSample"):
        v = e["values"]
        frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
        where = frame(frames[0]) if frames else "?"
        own = first_own(frames)
        w = v["weight"]
        total += w
        alloc[f'{v["objectClass"]["name"]} @ {where} <- {own}'] += w
    print(f"Allocation samples (weight {total / 1e6:.0f} MB):")
    for k, v in alloc.most_common(top):
        print(f"    {100.0 * v / max(1, total):5.1f}%  {k}")


if __name__ == "__main__":
    main()
