#!/usr/bin/env python3
"""Lays each timed series of a ColdStartBench run beside what every process was doing meanwhile.

usage: warm_tail.py DIR [GLOB]   (GLOB picks the series, default '*-warm.tsv')

DIR holds what one run left (docs/benchmarks.md, "Sixth pass: the warm tail", gives the command):
- rt/*.tsv: the round trips (-Dflydex.bench.roundTrips=DIR/rt): index, start and duration in ns;
- jvm-<pid>.log: every JVM's -Xlog output with the timenanos decoration (safepoints, collections, JIT);
- ps.txt: `ps -eo pid,args` taken every few seconds, which names each pid (server, helper, baseline helper, bench);
- counters.txt (optional): proc_counters.py's samples.

For each series: its p50 and p99; per JVM, the safepoints (collections and others) that overlapped it, how many
round trips they overlapped, and how many of the slowest 1%; the p99 of the round trips no pause overlapped;
JIT activity in the window; and, with counters.txt, each process's CPU and context switches per round trip.
"""
import collections
import glob
import os
import re
import sys

import numpy as np

LOG_LINE = r'^\[\d+ms\]\[(\d+)ns\]'
SAFEPOINT = re.compile(LOG_LINE + r'.*\[safepoint\s*\] Safepoint "([^"]+)".*Total: (\d+) ns')
JIT = re.compile(LOG_LINE + r'.*\[jit,compilation')


def names(run):
    found = {}
    path = f'{run}/ps.txt'
    if not os.path.exists(path):
        return found
    for line in open(path):
        parts = line.split(None, 1)
        if len(parts) < 2 or not parts[0].isdigit() or parts[1].startswith(('flock', 'bash', '/bin/bash')):
            continue
        pid, command = parts
        if 'ColdStartBench' in command:
            found[pid] = 'bench'
        elif 'flydex-server.jar serve' in command:
            found[pid] = 'server'
        elif 'flydex-helper.jar run' in command:
            found[pid] = 'helper-base' if '/tmp/base' in command else 'helper'
    return found


def jvm_logs(run):
    """pid -> (safepoints as (start, end, operation), JIT line times)"""
    logs = {}
    for path in glob.glob(f'{run}/jvm-*.log'):
        pid = re.search(r'jvm-(\d+)\.log', path).group(1)
        safepoints, jit = [], []
        for line in open(path, errors='replace'):
            m = SAFEPOINT.match(line)
            if m:
                end, total = int(m.group(1)), int(m.group(3))
                safepoints.append((end - total, end, m.group(2)))
                continue
            m = JIT.match(line)
            if m:
                jit.append(int(m.group(1)))
        logs[pid] = (safepoints, np.array(sorted(jit), dtype=np.int64))
    return logs


def counters(run):
    rows = collections.defaultdict(list)
    path = f'{run}/counters.txt'
    if os.path.exists(path):
        for line in open(path):
            t, pid, name, cpu, voluntary, involuntary = line.split()
            rows[(pid, name)].append((int(t), int(cpu), int(voluntary), int(involuntary)))
    return rows


def main(run, pattern):
    named = names(run)
    logs = jvm_logs(run)
    samples = counters(run)
    for path in sorted(glob.glob(f'{run}/rt/{pattern}')):
        rounds = np.loadtxt(path, skiprows=1, dtype=np.int64)
        starts, durations = rounds[:, 1], rounds[:, 2]
        ends = starts + durations
        lo, hi, n = starts.min(), ends.max(), len(durations)
        slowest = np.argsort(-durations)[:max(1, n // 100)]
        print(f'\n== {os.path.basename(path)}: {n} round trips, p50 {np.percentile(durations, 50) / 1e3:.0f} µs, '
              f'p99 {np.percentile(durations, 99) / 1e3:.0f} µs, max {durations.max() / 1e3:.0f} µs, {(hi - lo) / 1e9:.2f} s')
        paused = np.zeros(n, dtype=bool)
        for pid, (safepoints, jit) in sorted(logs.items(), key=lambda kv: named.get(kv[0], kv[0])):
            name = named.get(pid, 'pid ' + pid)
            inside = [s for s in safepoints if s[1] >= lo and s[0] <= hi]
            compiled = int(((jit >= lo) & (jit <= hi)).sum()) if len(jit) else 0
            if not inside and not compiled:
                continue
            hit = np.zeros(n, dtype=bool)
            kinds = collections.Counter(operation for _, _, operation in inside)
            for start, end, _ in inside:
                hit |= (starts <= end) & (ends >= start)
            paused |= hit
            lengths = sorted(((end - start) / 1e3 for start, end, _ in inside), reverse=True)
            print(f'  {name:12s} {len(inside)} safepoints ({", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))}), '
                  f'{sum(lengths):.0f} µs in all, longest {", ".join(f"{x:.0f}" for x in lengths[:3])} µs; '
                  f'round trips overlapped {hit.sum()}, of the slowest 1% {hit[slowest].sum()}/{len(slowest)}; '
                  f'JIT log lines {compiled}')
        clear = durations[~paused]
        print(f'  slowest 1% overlapped by a pause: {paused[slowest].sum()}/{len(slowest)}; without the overlapped round trips '
              f'p50 {np.percentile(clear, 50) / 1e3:.0f} µs, p99 {np.percentile(clear, 99) / 1e3:.0f} µs')
        print('  slowest 10, µs (* overlapped a pause): '
              + ', '.join(f'{durations[i] / 1e3:.0f}{"*" if paused[i] else ""}' for i in slowest[:10]))
        per_process = []
        for (pid, name), rows in sorted(samples.items(), key=lambda kv: kv[0][1]):
            inside = [r for r in rows if lo <= r[0] <= hi]
            if len(inside) < 2:
                continue
            first, last = inside[0], inside[-1]
            k = int(((starts >= first[0]) & (starts <= last[0])).sum())
            if k < 100 or (last[2] - first[2]) < k / 20:
                continue  # too few round trips to say, or a process of another path (it hardly woke)
            per_process.append(f'{name} CPU {10_000 * (last[1] - first[1]) / k:.0f} µs, voluntary {(last[2] - first[2]) / k:.2f}, '
                               f'involuntary {(last[3] - first[3]) / k:.2f}')
        if per_process:
            print('  per round trip: ' + '; '.join(per_process))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else '*-warm.tsv')
