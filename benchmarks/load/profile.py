#!/usr/bin/env python3
"""Summary of a JFR recording's execution samples, from `jfr print --events jdk.ExecutionSample`.

Prints markdown: the number of samples; for each layer, the share of samples whose stack goes
through it (inclusive) and whose top frame is in it (self); the hottest top frames.
"""
import collections
import re
import sys

LAYERS = [  # (name, prefixes), matched in this order for the self column
    ("store engine (io.restis.engine)", ("io.restis.engine.",)),
    ("Restis HTTP layer (io.restis.api, .config, .persistence)", ("io.restis.",)),
    ("JSON (Jackson)", ("tools.jackson.", "com.fasterxml.jackson.")),
    ("Spring (MVC, filters)", ("org.springframework.",)),
    ("Tomcat (HTTP parsing, connector)", ("org.apache.",)),
    ("socket I/O (sun.nio, java.net)", ("sun.nio.", "java.net.", "sun.net.")),
    ("virtual threads, locks, FJ pool", ("java.lang.VirtualThread", "jdk.internal.vm.", "java.util.concurrent.")),
]


def layer_of(frame):
    for name, prefixes in LAYERS:
        if frame.startswith(prefixes):
            return name
    return None


samples = []
stack = None
for line in open(sys.argv[1], errors="replace"):
    s = line.strip()
    if s.startswith("stackTrace = ["):
        stack = []
    elif stack is not None:
        if s == "]" or s.startswith("]"):
            samples.append(stack)
            stack = None
        elif s and s != "...":
            stack.append(re.sub(r"\s+line:.*$", "", s))

n = len(samples)
if n == 0:
    print("no execution samples")
    sys.exit(0)
inclusive = collections.Counter()
selfc = collections.Counter()
top = collections.Counter()
for st in samples:
    seen = {layer_of(f) for f in st} - {None}
    for name in seen:
        inclusive[name] += 1
    selfc[layer_of(st[0]) or "other (JDK, java.lang, ...)"] += 1
    top[st[0]] += 1

print(f"{n} execution samples")
print()
print("| Layer | on the stack | top frame |")
print("|---|---:|---:|")
for name, _ in LAYERS + [("other (JDK, java.lang, ...)", ())]:
    print(f"| {name} | {100 * inclusive[name] / n:.0f}% | {100 * selfc[name] / n:.0f}% |")
print()
print("| Hottest top frames | samples |")
print("|---|---:|")
for frame, c in top.most_common(12):
    print(f"| `{frame}` | {100 * c / n:.1f}% |")
