#!/usr/bin/python3
"""virtwire bench peer: libvirt-python doing the same work as bench/virtwire-client.ts.

Prints one JSON object on stdout. Run with Debian's /usr/bin/python3 (python3-libvirt).
  --probe                  only report availability and versions
  --uri URI --cases a,b    measure those cases (ids as in bench/cases.ts)
  --duration S --warmup S --iterations N --daemon-pid PID
"""
import argparse
import json
import os
import platform
import resource
import sys
import threading
import time


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)  # all threads of the process
    return r.ru_utime + r.ru_stime


def daemon_cpu_seconds(pid):
    if pid is None:
        return None
    try:
        with open("/proc/%d/stat" % pid) as f:
            stat = f.read()
    except OSError:
        return None
    rest = stat[stat.rindex(")") + 2:].split(" ")
    return (int(rest[11]) + int(rest[12])) / os.sysconf("SC_CLK_TCK")


def daemon_sched(pid):
    """(context switches, CPU migrations) summed over the daemon's threads, or None."""
    if pid is None:
        return None
    switches = migrations = 0
    seen = False
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return None
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/sched" % (pid, tid)) as f:
                fields = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in f)}
        except OSError:
            continue
        if "nr_switches" not in fields or "se.nr_migrations" not in fields:
            continue
        switches += int(fields["nr_switches"])
        migrations += int(fields["se.nr_migrations"])
        seen = True
    return (switches, migrations) if seen else None


def loop_until(op, inflight, seconds):
    """Calls done before the deadline: in this thread, or from N threads on one connection."""
    deadline = time.perf_counter() + seconds
    if inflight == 0:
        n = 0
        while time.perf_counter() < deadline:
            op()
            n += 1
        return n
    counts = [0] * inflight
    errors = []

    def worker(i):
        n = 0
        try:
            while time.perf_counter() < deadline:
                op()
                n += 1
        except Exception as e:  # reported after join
            errors.append(e)
        counts[i] = n

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(inflight)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return sum(counts)


def measure_throughput(op, inflight, a):
    loop_until(op, inflight, a.warmup)
    d0 = daemon_cpu_seconds(a.daemon_pid)
    s0 = daemon_sched(a.daemon_pid)
    c0 = cpu_seconds()
    t0 = time.perf_counter()
    calls = loop_until(op, inflight, a.duration)
    seconds = time.perf_counter() - t0
    cpu = cpu_seconds() - c0
    d1 = daemon_cpu_seconds(a.daemon_pid)
    s1 = daemon_sched(a.daemon_pid)
    return {
        "kind": "throughput",
        "calls": calls,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "daemon_cpu_seconds": None if d0 is None or d1 is None else d1 - d0,
        "daemon_switches": None if s0 is None or s1 is None else s1[0] - s0[0],
        "daemon_migrations": None if s0 is None or s1 is None else s1[1] - s0[1],
    }


def measure_latency(libvirt, uri, iterations, warmup):
    def once():
        c = libvirt.open(uri)
        c.close()

    # Same warm-up as virtwire's: `warmup` seconds, at least 10 runs.
    deadline = time.perf_counter() + warmup
    i = 0
    while i < 10 or time.perf_counter() < deadline:
        once()
        i += 1
    samples = []
    c0 = cpu_seconds()
    for _ in range(iterations):
        t = time.perf_counter()
        once()
        samples.append((time.perf_counter() - t) * 1000)
    return {"kind": "latency", "samples_ms": samples, "cpu_seconds": cpu_seconds() - c0}


def parse_case(case_id):
    """'version.seq' -> ('version', 0); 'info.inflight-16' -> ('info', 16); 'open' -> ('open', None)."""
    if case_id == "open":
        return "open", None
    op, _, mode = case_id.partition(".")
    if mode == "seq":
        return op, 0
    if mode.startswith("inflight-"):
        return op, int(mode[len("inflight-"):])
    raise ValueError("unknown case " + case_id)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--probe", action="store_true")
    p.add_argument("--uri", default="test+unix:///default")
    p.add_argument("--cases", default="")
    p.add_argument("--duration", type=float, default=2.5)
    p.add_argument("--warmup", type=float, default=0.3)
    p.add_argument("--iterations", type=int, default=200)
    p.add_argument("--daemon-pid", type=int, default=None)
    a = p.parse_args()
    try:
        import libvirt
    except ImportError as e:
        print(json.dumps({"unavailable": "python %s: %s" % (platform.python_version(), e)}))
        return
    # The default handler prints every error to stderr; the JSON carries them instead.
    libvirt.registerErrorHandler(lambda _ctx, _err: None, None)
    v = libvirt.getVersion()
    out = {
        "client": "libvirt-python",
        "version": "python %s, libvirt %d.%d.%d"
        % (platform.python_version(), v // 1000000, v // 1000 % 1000, v % 1000),
        "results": {},
        "errors": {},
    }
    if not a.probe:
        conn = None
        try:
            conn = libvirt.open(a.uri)
            dom = None
            for case_id in [c for c in a.cases.split(",") if c]:
                try:
                    op_name, inflight = parse_case(case_id)
                    if op_name == "open":
                        out["results"][case_id] = measure_latency(libvirt, a.uri, a.iterations, a.warmup)
                        continue
                    if op_name == "version":
                        op = conn.getVersion
                    elif op_name == "info":
                        if dom is None:
                            dom = conn.lookupByName("test")
                        op = dom.info
                    else:
                        raise ValueError("unknown operation " + op_name)
                    out["results"][case_id] = measure_throughput(op, inflight, a)
                except Exception as e:
                    out["errors"][case_id] = str(e)
        except Exception as e:
            out["unavailable"] = "cannot open %s: %s" % (a.uri, e)
        finally:
            if conn is not None:
                conn.close()
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
