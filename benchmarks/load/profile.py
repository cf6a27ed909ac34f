#!/usr/bin/env python3
"""Where a Restis spent its CPU during a JFR recording: a markdown summary (and a JSON one).

  profile.py RECORDING.jfr [--json OUT.json]

Reads the recording with one `jfr print` (the JDK's jfr on the PATH). Three views:

1. The JVM's CPU (jdk.CPULoad) and how it divides between threads (jdk.ThreadCPULoad, which
   run.sh samples every second): request threads, Tomcat's poller and acceptor, the JIT
   compilers, JFR itself, other Java threads; and the garbage collector (jdk.GCCPUTime: CPU time
   of the collections' pauses; G1's concurrent threads are not Java threads and fall under "not
   attributed").
2. Execution samples (jdk.ExecutionSample: Java code running on a Java thread) by layer. A
   sample counts for the innermost frame of a known layer on its stack, so JDK code (a HashMap
   lookup, a lock, a string copy) counts for the layer that called it, and a frame that merely
   wraps the request (a servlet filter around everything) counts only for the time spent in the
   filter itself. Each layer's share is split into time in its own code and in JDK code it called.
3. The same samples by stage of the request: the innermost of a few markers on the stack
   (Tomcat's connector, the servlet filters, the Spring Security filter chain, Spring MVC's
   dispatch, argument resolution, the controller method, writing the response).

Then the hottest top frames.
"""
import collections
import json
import os
import re
import subprocess
import sys

# (layer, predicate on a frame "package.Class.method(args)"); the first layer that claims the
# innermost frame wins, walking from the top of the stack.
RESTIS_FILTER_METHODS = ("doFilter(", "doFilterInternal(", "shouldNotFilter(")


def restis_filter(frame):
    if not frame.startswith("io.restis.") or frame.startswith("io.restis.engine."):
        return False
    cls = frame.split("(", 1)[0].rsplit(".", 1)[0]
    method = frame[len(cls) + 1:]
    return (frame.startswith("io.restis.security.") or "Filter" in cls.rsplit(".", 1)[-1]
            or method.startswith(RESTIS_FILTER_METHODS))


LAYERS = [
    ("store engine (io.restis.engine)", lambda f: f.startswith("io.restis.engine.")),
    ("Restis filters and security (io.restis.security, *Filter, InFlightRequests)", restis_filter),
    ("Restis controllers and API (io.restis.api, ...)", lambda f: f.startswith("io.restis.")),
    ("JSON (Jackson)", lambda f: f.startswith(("tools.jackson.", "com.fasterxml.jackson."))),
    ("Micrometer (observations, metrics)", lambda f: f.startswith("io.micrometer.")),
    ("Spring Security filters", lambda f: f.startswith("org.springframework.security.")),
    ("Spring web filters (org.springframework.web.filter)", lambda f: f.startswith("org.springframework.web.filter.")),
    ("Spring MVC dispatch (handler lookup, arguments, converters, core)", lambda f: f.startswith("org.springframework.")),
    ("Tomcat (connector, HTTP parsing, servlet container)",
     lambda f: f.startswith(("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.", "jakarta.servlet."))),
    ("socket I/O (JDK NIO)", lambda f: f.startswith(("sun.nio.", "java.net.", "sun.net.", "java.nio.channels."))),
    ("virtual-thread scheduling (ForkJoinPool, continuations)",
     lambda f: f.startswith(("java.lang.VirtualThread", "jdk.internal.vm.Continuation", "java.util.concurrent.ForkJoin"))),
]
NO_LAYER = "JDK only (no frame of the layers above)"

# Stage markers, outermost first; a sample is in the stage of the innermost marker on its stack.
STAGES = [
    ("Tomcat: connector and HTTP parsing, outside the servlet", ("org.apache.tomcat.util.net.", "org.apache.coyote.")),
    ("servlet filters outside Spring Security (Restis's, Spring's)", ("org.apache.catalina.core.ApplicationFilterChain.",)),
    ("Spring Security filter chain (with Restis's token and rate-limit filters)",
     ("org.springframework.security.web.FilterChainProxy.",)),
    ("Spring MVC dispatch (handler lookup, interceptors)", ("org.springframework.web.servlet.FrameworkServlet.service(",)),
    ("argument resolution (path, request body)", ("org.springframework.web.method.support.InvocableHandlerMethod.getMethodArgumentValues(",)),
    ("the controller method (Restis API and engine)", ("org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(",)),
    ("writing the response (return value handlers, converters, JSON)",
     ("org.springframework.web.method.support.HandlerMethodReturnValueHandlerComposite.handleReturnValue(",)),
]
NO_STAGE = "outside request handling (scheduling, idle workers, other threads)"

THREAD_GROUPS = [  # (group, predicate on a Java thread name)
    ("JIT compiler threads", lambda n: "CompilerThread" in n or n.startswith("JVMCI")),
    ("JFR's own threads", lambda n: n.startswith("JFR ")),
    ("Tomcat poller and acceptor", lambda n: n.endswith(("-Poller", "-Acceptor")) or "-Poller-" in n or "-Acceptor-" in n),
    ("request threads (virtual-thread carriers, Tomcat workers)",
     lambda n: n.startswith(("ForkJoinPool", "tomcat-handler", "http-nio-")) or "-exec-" in n),
]
OTHER_THREADS = "other Java threads"


EVENTS = "jdk.ExecutionSample,jdk.CPULoad,jdk.ThreadCPULoad,jdk.GCCPUTime,jdk.GarbageCollection"


def read_events(path):
    """The recording's events of EVENTS, from one `jfr print` (text): (type, fields, stack) each."""
    text = subprocess.run(["jfr", "print", "--events", EVENTS, "--stack-depth", "256", path],
                          check=True, capture_output=True, text=True).stdout
    events, current, fields, stack = [], None, {}, None
    for line in text.splitlines():
        s = line.strip()
        if current is None:
            m = re.match(r"^([\w.]+) \{$", s)
            if m:
                current, fields, stack = m.group(1), {}, None
        elif stack is not None:
            if s.startswith("]"):
                fields["stackTrace"] = stack
                stack = None
            elif s and s != "...":
                stack.append(re.sub(r"\s+line:.*$", "", s))
        elif s == "}":
            events.append((current, fields))
            current = None
        elif s.startswith("stackTrace = ["):
            stack = []
        elif " = " in s:
            k, v = s.split(" = ", 1)
            fields[k] = v
    return events


def layer_of(frame):
    for name, claims in LAYERS:
        if claims(frame):
            return name
    return None


def percent(v):
    return float(v.rstrip("%")) / 100 if v and v.endswith("%") else 0.0


def seconds(v):
    """A duration as jfr prints it: "15.6 ms", "0 s", "1.20 s", "250 us", "1 m 2 s"."""
    total = 0.0
    for num, unit in re.findall(r"([0-9.]+)\s*(ns|us|ms|s|m|h)\b", v or ""):
        total += float(num) * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}[unit]
    return total


def cpu(events):
    """JVM CPU and its division, in CPU-seconds, from the periodic JFR events."""
    ncpu = os.cpu_count() or 1
    loads = [f for t, f in events if t == "jdk.CPULoad"]
    # The first jdk.CPULoad of a recording has nothing to compare with and reads 0: skip it.
    loads = loads[1:] if len(loads) > 1 else loads
    out = {"ncpu": ncpu, "seconds": len(loads)}
    if loads:
        out["jvm_cores"] = sum(percent(f.get("jvmUser")) + percent(f.get("jvmSystem")) for f in loads) / len(loads) * ncpu
        out["machine"] = sum(percent(f.get("machineTotal")) for f in loads) / len(loads)
    groups = collections.Counter()
    seen_threads = set()
    for t, f in events:
        if t != "jdk.ThreadCPULoad":
            continue
        thread = f.get("eventThread", "")
        m = re.match(r'^"(.*)" \(', thread)
        name = m.group(1) if m else thread
        if thread not in seen_threads:
            seen_threads.add(thread)  # a thread's first sample covers the time before the recording
            continue
        group = next((g for g, claims in THREAD_GROUPS if claims(name)), OTHER_THREADS)
        groups[group] += (percent(f.get("user")) + percent(f.get("system"))) * ncpu  # one second per event
    out["threads"] = dict(groups)
    gc = [f for t, f in events if t == "jdk.GCCPUTime"]
    if gc:
        out["gc_cpu"] = sum(seconds(f.get("userTime")) + seconds(f.get("systemTime")) for f in gc)
    collections_ = [f for t, f in events if t == "jdk.GarbageCollection"]
    out["gc_count"] = len(collections_)
    out["gc_pause"] = sum(seconds(f.get("sumOfPauses")) for f in collections_)
    return out


def main(path, json_out=None):
    events = read_events(path)
    samples = [f["stackTrace"] for t, f in events if t == "jdk.ExecutionSample" and f.get("stackTrace")]
    c = cpu(events)
    summary = {"samples": len(samples), "cpu": c, "layers": {}, "stages": {}, "top": []}
    lines = []
    w = lines.append
    n = len(samples)
    w(f"{n} execution samples over about {c['seconds'] + 1} s.")
    w("")
    if "jvm_cores" in c:
        jvm_s = c["jvm_cores"] * c["seconds"]
        parts = []
        threads = c["threads"]
        attributed = sum(threads.values()) + c.get("gc_cpu", 0.0)
        for g, _ in THREAD_GROUPS + [(OTHER_THREADS, None)]:
            if g in threads:
                parts.append((g, threads[g]))
        if "gc_cpu" in c:
            parts.append((f"garbage collection ({c['gc_count']} collections, {c['gc_pause'] * 1000:.0f} ms of pauses)", c["gc_cpu"]))
        if jvm_s > attributed:
            parts.append(("not attributed (GC's concurrent threads, VM threads, rounding)", jvm_s - attributed))
        parts.sort(key=lambda p: -p[1])
        total = max(jvm_s, attributed) or 1.0
        summary["cpu_shares"] = {g: s / total for g, s in parts}
        w(f"JVM CPU: {c['jvm_cores']:.2f} of {c['ncpu']} CPUs on average (the whole machine: {100 * c['machine']:.0f}% busy). "
          "Of the JVM's CPU: " + "; ".join(f"{g} {100 * s / total:.0f}%" for g, s in parts) + ".")
        w("")
    if n == 0:
        w("No execution samples.")
        print("\n".join(lines))
        if json_out:
            json.dump(summary, open(json_out, "w"))
        return
    attributed = collections.Counter()
    in_jdk = collections.Counter()
    stage = collections.Counter()
    top = collections.Counter()
    for st in samples:
        layer = NO_LAYER
        for depth, frame in enumerate(st):
            found = layer_of(frame)
            if found:
                layer = found
                if depth > 0:
                    in_jdk[layer] += 1
                break
        attributed[layer] += 1
        where = NO_STAGE
        for frame in reversed(st):  # outermost first: the last marker seen is the innermost
            for name, prefixes in STAGES:
                if frame.startswith(prefixes):
                    where = name
        stage[where] += 1
        top[st[0]] += 1
    w("| Layer (innermost frame of the layer on each stack) | samples | in its own code | in JDK code it called |")
    w("|---|---:|---:|---:|")
    for name in [l for l, _ in LAYERS] + [NO_LAYER]:
        if attributed[name] == 0:
            continue
        own = attributed[name] - in_jdk[name]
        summary["layers"][name] = attributed[name] / n
        w(f"| {name} | {100 * attributed[name] / n:.0f}% | {100 * own / n:.0f}% | {100 * in_jdk[name] / n:.0f}% |")
    w("")
    w("| Stage of the request (innermost marker on the stack) | samples |")
    w("|---|---:|")
    for name in [s for s, _ in STAGES] + [NO_STAGE]:
        if stage[name]:
            summary["stages"][name] = stage[name] / n
            w(f"| {name} | {100 * stage[name] / n:.0f}% |")
    w("")
    w("| Hottest top frames | samples |")
    w("|---|---:|")
    for frame, k in top.most_common(10):
        summary["top"].append([frame, k / n])
        w(f"| `{frame}` | {100 * k / n:.1f}% |")
    print("\n".join(lines))
    if json_out:
        json.dump(summary, open(json_out, "w"))


if __name__ == "__main__":
    if len(sys.argv) == 2:
        main(sys.argv[1])
    elif len(sys.argv) == 4 and sys.argv[2] == "--json":
        main(sys.argv[1], sys.argv[3])
    else:
        raise SystemExit(__doc__)
