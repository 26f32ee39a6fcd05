#!/usr/bin/env python3
"""Runs a command and measures it whole: wall time and the peak resident memory of its
process tree (the command and every process it starts, summed, sampled every 0.2 s), which
is what a program that starts another (PySpark starts a JVM) really takes. GNU time's
maximum resident set is that of one process only.

Usage: python3 bench/peak.py OUT_FILE NAME -- COMMAND [ARG...]

Appends one line `NAME WALL_S PEAK_KB EXIT` to OUT_FILE and exits with the command's
status. Linux only (reads /proc). Standard output and error of the command pass through.
"""
import os
import subprocess
import sys
import time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def tree_rss_kb(root):
    """The resident memory of `root` and its descendants, in KB."""
    children = {}
    rss = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            with open(f"/proc/{entry}/statm", "rb") as f:
                resident = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        # The command name (field 2) is in parentheses and may hold spaces.
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        pid = int(entry)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = resident * PAGE_KB
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def main():
    args = sys.argv[1:]
    if len(args) < 4 or args[2] != "--":
        sys.exit(next(l for l in __doc__.splitlines() if l.startswith("Usage:")))
    out, name, cmd = args[0], args[1], args[3:]
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.2)
    wall = time.monotonic() - t0
    with open(out, "a", encoding="utf-8") as f:
        f.write(f"{name} {wall:.2f} {peak} {proc.returncode}\n")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
