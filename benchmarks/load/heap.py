#!/usr/bin/env python3
"""Used Java heap in bytes from a `jcmd <pid> GC.heap_info` output (G1, Parallel, Serial, ZGC).

The heap lines come before Metaspace; each generation (or G1's one line) says "used <n>K".
"""
import re
import sys

used = 0
for line in open(sys.argv[1]):
    stripped = line.strip()
    if stripped.startswith(("Metaspace", "class space")):
        break
    m = re.search(r"\bused (\d+)([KMG])\b", stripped)
    if m and not stripped.startswith(("eden", "from", "to ", "object space", "the space")):
        used += int(m.group(1)) * {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]
print(used)
