#!/usr/bin/env python3
"""Samples the CPU time and context switches of the cold-start bench's processes, for warm_tail.py.

usage: proc_counters.py OUT   (run beside ColdStartBench; stop it with SIGTERM when the bench ends)

Every 100 ms it writes one line per process: CLOCK_MONOTONIC in ns (the clock of System.nanoTime() and of
-Xlog's timenanos, so lines can be laid beside the round-trip log), pid, role, CPU ticks (utime + stime,
1/100 s) and the voluntary and involuntary context switches summed over the process's threads.
Roles are found by command line: server, helper (server-base and helper-base for a --baseline build under /tmp/base*),
noderelay, nodehost, bench.
"""
import os
import sys
import time

# The bench first: its class path names the server's jar too.
ROLES = {'ColdStartBench': 'bench', 'flydex-server.jar': 'server', 'flydex-helper.jar run': 'helper',
         'floor.js relay': 'noderelay', 'floor.js host': 'nodehost'}


def role(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            command = f.read().replace(b'\0', b' ').decode(errors='replace')
    except OSError:
        return None
    if command.startswith(('flock', 'bash', '/bin/bash')):
        return None
    for key, name in ROLES.items():
        if key in command:
            return name + ('-base' if name in ('helper', 'server') and '/tmp/base' in command else '')
    return None


def switches(pid):
    voluntary = involuntary = 0
    for task in os.listdir(f'/proc/{pid}/task'):
        try:
            with open(f'/proc/{pid}/task/{task}/status') as f:
                for line in f:
                    if line.startswith('voluntary_ctxt_switches'):
                        voluntary += int(line.split()[1])
                    elif line.startswith('nonvoluntary_ctxt_switches'):
                        involuntary += int(line.split()[1])
        except OSError:
            pass  # the thread ended meanwhile
    return voluntary, involuntary


def main(out_path):
    known = {}
    last_scan = 0
    with open(out_path, 'w') as out:
        while True:
            now = time.monotonic_ns()
            if now - last_scan > 1_000_000_000:
                last_scan = now
                for pid in os.listdir('/proc'):
                    if pid.isdigit() and pid not in known:
                        name = role(pid)
                        if name:
                            known[pid] = name
            for pid, name in list(known.items()):
                try:
                    with open(f'/proc/{pid}/stat') as f:
                        fields = f.read().rsplit(')', 1)[1].split()
                    voluntary, involuntary = switches(pid)
                    out.write(f'{time.monotonic_ns()} {pid} {name} {int(fields[11]) + int(fields[12])} {voluntary} {involuntary}\n')
                except OSError:
                    del known[pid]
            out.flush()
            time.sleep(0.1)


if __name__ == '__main__':
    main(sys.argv[1])
