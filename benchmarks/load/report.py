#!/usr/bin/env python3
"""The markdown report of benchmarks/run.sh.

  report.py OUT                        the report of the run in OUT (benchmarks/target/load-run) on stdout
  report.py --update BENCHMARKS.md R   put report R between the run.sh markers of BENCHMARKS.md, leaving
                                       the rest of the file (the JMH section, the notes) as it is
"""
import csv
import glob
import json
import os
import re
import sys

BEGIN = "<!-- BEGIN benchmarks/run.sh: generated, do not edit by hand -->"
END = "<!-- END benchmarks/run.sh -->"

# Targets of issue 9.
HTTP_RATIO = 1.5
PIPE_RATIO = 0.5
SORT_P99_MS = 5.0


def update(path, report_path):
    report = open(report_path).read().rstrip("\n")
    block = f"{BEGIN}\n{report}\n{END}\n"
    text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
    if "## Engine (JMH)" not in text:
        # The engine section belongs to benchmarks/engine.sh; only its heading is kept here.
        text = text.rstrip("\n") + "\n\n## Engine (JMH)\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1].lstrip("\n")
        text = head + block + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    open(path, "w").write(text)


def main(out):
    def kv(name):
        d = {}
        p = os.path.join(out, name)
        if os.path.exists(p):
            for line in open(p):
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    d[k] = v
        return d

    machine = kv("machine.txt")
    facts = kv("facts.txt")

    def wrk(name):
        p = os.path.join(out, f"wrk-{name}.txt")
        if not os.path.exists(p):
            return None
        for line in open(p):
            if line.startswith("RESULT "):
                return json.loads(line[7:])
        return None

    def rb(name):
        rows = {}
        p = os.path.join(out, f"rb-{name}.csv")
        if os.path.exists(p):
            for r in csv.DictReader(l for l in open(p) if l.startswith('"')):
                rows[r["test"].split()[0]] = r
        return rows

    def num(v, digits=0):
        return "–" if v is None else f"{v:,.{digits}f}"

    def ms(us):
        return "–" if us is None else f"{us / 1000:.2f}"

    def mib(b):
        return "–" if b is None else f"{int(b) / 1048576:,.1f} MiB"

    def ratio(a, b):
        return None if not a or not b else a / b

    def fmt_ratio(r):
        return "–" if r is None else f"{r:.2f}x"

    def errors(r):
        if r is None:
            return 0
        return r["errors_status"] + r["bad_answers"] + r["errors_connect"] + r["errors_timeout"]

    lines = []
    w = lines.append
    dur, warm, conns, threads = machine.get("duration"), machine.get("warmup"), machine.get("conns"), machine.get("threads")
    w("## Load: Restis against webdis and Redis (`benchmarks/run.sh`)")
    w("")
    w(f"Latest run: **{machine.get('date')}**, {machine.get('total_s', '?')} s in all. "
      f"Machine: {machine.get('nproc')} CPUs ({machine.get('cpu')}), {machine.get('mem')}, Linux {machine.get('kernel')}; "
      f"{machine.get('jdk')}; {machine.get('redis')}; webdis {machine.get('webdis')}; {machine.get('wrk')}.  ")
    w(f"Load average (1, 5, 15 min) just before the run: **{machine.get('load_before')}**; after: "
      f"{machine.get('load_after')} (servers, clients and anything else on the machine share its cores; nothing is pinned).  ")
    w(f"wrk: {threads} threads, {conns} connections, {dur} s measured after a {warm} s warm-up of the same workload; "
      f"latencies are wrk's (`--latency`), in ms. redis-benchmark: {conns} clients. Restis as shipped: `java -jar` "
      f"on the JDK above, {facts.get('restis.a.gc', 'default GC')} (the JVM's choice here), default heap, virtual "
      f"threads on, save points off; started in {num(int(facts.get('restis.a.startup_ms', 0)) / 1000, 1)} s.")
    if machine.get("quick") == "1":
        w("")
        w("**QUICK smoke run: durations and datasets cut down, the figures mean nothing.**")
    w("")

    # ---------------------------------------------------------------- figures
    http = {n: wrk(n) for n in ["restis-noop", "restis-strings-get", "restis-path-get", "restis-json-get",
                                "webdis-get", "restis-strings-put", "restis-path-set", "restis-json-set",
                                "webdis-set"]}
    plain = rb("plain")
    pipe_rows = {n: wrk(n) for n in ["restis-pipeline-set", "restis-pipeline-get"]}
    rbp = rb("pipeline")
    sorts = {n: wrk(n) for n in ["restis-sort", "restis-sort-c1", "webdis-sort", "webdis-sort-c1"]}
    rbs, rbs1 = rb("sort"), rb("sort-c1")

    def rps(r):
        return None if r is None else r["rps"]

    # ---------------------------------------------------------------- targets
    w("### Targets (issue 9), from this run")
    w("")
    w("| Target | Restis | Peer | Figure | Met? |")
    w("|---|---|---|---:|---|")
    for op, ids, peer in [("GET", ["strings-get", "path-get", "json-get"], "webdis-get"),
                          ("SET", ["strings-put", "path-set", "json-set"], "webdis-set")]:
        for i in ids:
            r = ratio(rps(http[f"restis-{i}"]), rps(http[peer]))
            label = {"strings-get": "GET /strings/{key}", "path-get": "GET /redis/get/{key}",
                     "json-get": 'POST /redis ["GET",k]', "strings-put": "PUT /strings/{key}",
                     "path-set": "GET /redis/set/{key}/{v}", "json-set": 'POST /redis ["SET",k,v]'}[i]
            if r is None:
                verdict = "not measured"
            elif r >= HTTP_RATIO:
                verdict = "**met**"
            else:
                verdict = f"**missed**: {r:.2f}x of the required {HTTP_RATIO}x ({HTTP_RATIO / r:.2f}x short)"
            w(f"| HTTP {op} >= {HTTP_RATIO}x webdis | {label} | webdis {peer[7:].upper()} | {fmt_ratio(r)} | {verdict} |")
    for cmd, n in [("SET", "restis-pipeline-set"), ("GET", "restis-pipeline-get")]:
        ours = None if pipe_rows[n] is None else pipe_rows[n]["rps"] * 100
        theirs = float(rbp[cmd]["rps"]) if cmd in rbp else None
        r = ratio(ours, theirs)
        if r is None:
            verdict = "not measured"
        elif r >= PIPE_RATIO:
            verdict = "**met**"
        else:
            verdict = f"**missed**: {r:.2f}x of the required {PIPE_RATIO}x ({PIPE_RATIO / r:.1f}x short)"
        w(f"| pipelined commands >= {PIPE_RATIO}x Redis | 100 {cmd}s per POST /redis/pipeline | "
          f"redis-benchmark -P 100 {cmd} | {fmt_ratio(r)} | {verdict} |")
    for n, label in [("restis-sort", f"{conns} connections"), ("restis-sort-c1", "1 connection")]:
        r = sorts[n]
        p99 = None if r is None else r["p99_us"] / 1000
        if p99 is None:
            verdict = "not measured"
        elif p99 < SORT_P99_MS:
            verdict = "**met**"
        else:
            verdict = f"**missed** by {p99 - SORT_P99_MS:.2f} ms ({p99 / SORT_P99_MS:.1f}x the limit)"
        w(f"| contact search p99 < {SORT_P99_MS:g} ms over HTTP | SORT via POST /redis, {label} | – | "
          f"{'–' if p99 is None else f'{p99:.2f} ms'} | {verdict} |")
    w("")

    # ---------------------------------------------------------------- HTTP
    w(f"### HTTP GET and SET (wrk, {conns} connections; {int(machine.get('keys', 0)):,} keys of 16 bytes, 16-byte values, random key per request)")
    w("")
    w("| Request | Server | req/s | p50 | p99 | vs webdis | of the no-op ceiling | errors |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    noop = rps(http["restis-noop"])
    rows = [("GET /bench/noop (does nothing)", "Restis", "restis-noop", None),
            ("GET /strings/{key}", "Restis", "restis-strings-get", "webdis-get"),
            ("GET /redis/get/{key}", "Restis", "restis-path-get", "webdis-get"),
            ('POST /redis `["GET",k]`', "Restis", "restis-json-get", "webdis-get"),
            ("GET /GET/{key}", "webdis + redis-server", "webdis-get", None),
            ('PUT /strings/{key} `{"value":v}`', "Restis", "restis-strings-put", "webdis-set"),
            ("GET /redis/set/{key}/{v}", "Restis", "restis-path-set", "webdis-set"),
            ('POST /redis `["SET",k,v]`', "Restis", "restis-json-set", "webdis-set"),
            ("GET /SET/{key}/{v}", "webdis + redis-server", "webdis-set", None)]
    for label, server, n, peer in rows:
        r = http[n]
        w(f"| {label} | {server} | {num(rps(r))} | {ms(r and r['p50_us'])} | {ms(r and r['p99_us'])} | "
          f"{fmt_ratio(ratio(rps(r), rps(http[peer]))) if peer else ''} | "
          f"{fmt_ratio(ratio(rps(r), noop)) if n != 'restis-noop' else ''} | {errors(r) if r else '–'} |")
    for cmd in ["GET", "SET"]:
        if cmd in plain:
            p = plain[cmd]
            w(f"| {cmd} over RESP, no pipelining (reference, not HTTP) | redis-benchmark → redis-server | "
              f"{float(p['rps']):,.0f} | {float(p['p50_latency_ms']):.2f} | {float(p['p99_latency_ms']):.2f} | | | |")
    w("")

    # ---------------------------------------------------------------- pipelines
    w("### Pipelines of 100 commands")
    w("")
    w("| Commands | Server | commands/s | requests/s | p50 (per request of 100) | p99 | vs Redis |")
    w("|---|---|---:|---:|---:|---:|---:|")
    for cmd, n in [("SET", "restis-pipeline-set"), ("GET", "restis-pipeline-get")]:
        r = pipe_rows[n]
        theirs = float(rbp[cmd]["rps"]) if cmd in rbp else None
        w(f"| {cmd} | Restis, POST /redis/pipeline | {num(r and r['rps'] * 100)} | {num(rps(r))} | "
          f"{ms(r and r['p50_us'])} | {ms(r and r['p99_us'])} | {fmt_ratio(ratio(r and r['rps'] * 100, theirs))} |")
        if cmd in rbp:
            w(f"| {cmd} | redis-server, redis-benchmark -P 100 | {theirs:,.0f} | {theirs / 100:,.0f} | "
              f"{float(rbp[cmd]['p50_latency_ms']):.2f} | {float(rbp[cmd]['p99_latency_ms']):.2f} | |")
    w("")

    # ---------------------------------------------------------------- contacts
    w(f"### Contact search ({int(machine.get('contacts', 0)):,} contacts)")
    w("")
    w("Hashes `contact:<id>` {name, email, city, phone}, one index set per city (50 cities, about "
      f"{int(machine.get('contacts', 0)) // 50:,} contacts each); the query is \"contacts in city X sorted by name, page 1\": "
      "`SORT city:X BY contact:*->name ALPHA LIMIT 0 20 GET # GET contact:*->name GET contact:*->email`, "
      "a random city per request. Both stores gave "
      + ("the same page for the checked city." if facts.get("contacts.same_page") == "yes"
         else "**different pages** for the checked city (see contacts-page.diff)."))
    w("")
    w("| Server | clients | req/s | p50 | p99 |")
    w("|---|---:|---:|---:|---:|")
    for n, label, c in [("restis-sort", "Restis, POST /redis (HTTP)", conns), ("restis-sort-c1", "Restis, POST /redis (HTTP)", 1),
                        ("webdis-sort", "webdis + redis-server, GET /SORT/... (HTTP)", conns),
                        ("webdis-sort-c1", "webdis + redis-server, GET /SORT/... (HTTP)", 1)]:
        r = sorts[n]
        w(f"| {label} | {c} | {num(rps(r))} | {ms(r and r['p50_us'])} | {ms(r and r['p99_us'])} |")
    for rows_, c in [(rbs, conns), (rbs1, 1)]:
        if "SORT" in rows_:
            p = rows_["SORT"]
            w(f"| redis-server over RESP, redis-benchmark | {c} | {float(p['rps']):,.0f} | "
              f"{float(p['p50_latency_ms']):.2f} | {float(p['p99_latency_ms']):.2f} |")
    w("")

    # ---------------------------------------------------------------- memory
    mem_n = int(machine.get("mem_n", 0))
    w(f"### Memory ({mem_n:,} string keys, then a list of {mem_n:,} elements, then a sorted set of {mem_n:,} members)")
    w("")
    w("Keys `key:%012d` (16 bytes) with 16-byte values; list elements `item-%07d`; members `member-%07d` with "
      "integer scores. Restis: used heap after a full GC (`jcmd <pid> GC.run`, then `GC.heap_info`) and "
      "the process RSS (`VmRSS`); Redis: `used_memory` (INFO memory) and its RSS. Cumulative, then per structure.")
    w("")
    w("| Contents | Restis heap after GC | Restis RSS | Redis used_memory | Redis RSS | heap / used_memory |")
    w("|---|---:|---:|---:|---:|---:|")

    def m(k):
        v = facts.get(k)
        return None if v in (None, "") else int(v)

    stages = [("empty", "empty"), ("strings", f"+ {mem_n:,} string keys"), ("list", "+ the list"), ("zset", "+ the sorted set")]
    for s, label in stages:
        h, rr, u, rs = m(f"mem.restis.{s}.heap"), m(f"mem.restis.{s}.rss"), m(f"mem.redis.{s}.used"), m(f"mem.redis.{s}.rss")
        w(f"| {label} | {mib(h)} | {mib(rr)} | {mib(u)} | {mib(rs)} | {fmt_ratio(ratio(h, u))} |")
    for (prev, _), (s, label) in zip(stages, stages[1:]):
        dh = None if m(f"mem.restis.{s}.heap") is None else m(f"mem.restis.{s}.heap") - m(f"mem.restis.{prev}.heap")
        du = None if m(f"mem.redis.{s}.used") is None else m(f"mem.redis.{s}.used") - m(f"mem.redis.{prev}.used")
        per_h = None if dh is None or not mem_n else dh / mem_n
        per_u = None if du is None or not mem_n else du / mem_n
        what = {"strings": "the string keys alone", "list": "the list alone", "zset": "the sorted set alone"}[s]
        w(f"| {what} (bytes per item: Restis {num(per_h, 1)}, Redis {num(per_u, 1)}) | {mib(dh)} | | {mib(du)} | | "
          f"{fmt_ratio(ratio(dh, du))} |")
    w("")
    loads = []
    for ds in ["strings", "list", "zset"]:
        a, b = facts.get(f"load.restis.{ds}_ms"), facts.get(f"load.redis.{ds}_ms")
        if a and b:
            loads.append(f"{ds} {int(a) / 1000:.1f} s vs {int(b) / 1000:.1f} s")
    if loads:
        w("Loading time, Restis (pipelines of about 1,000 commands over HTTP, 2 connections, from a Python client) "
          "vs Redis (`redis-cli --pipe`): " + "; ".join(loads) + ".")
        w("")

    # ---------------------------------------------------------------- snapshot
    w("### Snapshot and restart (the memory dataset above)")
    w("")
    idle_r, idle_w = wrk("restis-set-idle"), wrk("webdis-set-idle")
    bg_r, bg_w = wrk("restis-set-bgsave"), wrk("webdis-set-bgsave")

    def saves(store):
        p = os.path.join(out, f"bgsaves-{store}.txt")
        if not os.path.exists(p):
            return "–"
        spans = [tuple(map(int, l.split())) for l in open(p) if l.strip()]
        if not spans:
            return "–"
        d = [e - s for s, e in spans]
        return f"{len(d)} saves, {sum(d) / len(d) / 1000:.2f} s each on average"

    def f_int(k):
        v = facts.get(k)
        return None if not v else int(v)

    w("| | Restis | Redis | Restis / Redis |")
    w("|---|---:|---:|---:|")
    sr, sd = f_int("save.restis.ms"), f_int("save.redis.ms")
    w(f"| SAVE, wall time (ms) | {num(sr)} | {num(sd)} | {fmt_ratio(ratio(sr, sd))} |")
    br, bd = f_int("save.restis.bytes"), f_int("save.redis.bytes")
    w(f"| dump.rdb size | {mib(br)} ({num(br)} B) | {mib(bd)} ({num(bd)} B) | {fmt_ratio(ratio(br, bd))} |")
    w(f"| SET, idle: req/s (HTTP, wrk {conns} conn.; Redis through webdis) | {num(rps(idle_r))} | {num(rps(idle_w))} | {fmt_ratio(ratio(rps(idle_r), rps(idle_w)))} |")
    w(f"| SET, idle: p50 / p99 (ms) | {ms(idle_r and idle_r['p50_us'])} / {ms(idle_r and idle_r['p99_us'])} | "
      f"{ms(idle_w and idle_w['p50_us'])} / {ms(idle_w and idle_w['p99_us'])} | |")
    w(f"| SET during back-to-back BGSAVEs: req/s | {num(rps(bg_r))} | {num(rps(bg_w))} | {fmt_ratio(ratio(rps(bg_r), rps(bg_w)))} |")
    w(f"| SET during back-to-back BGSAVEs: p50 / p99 (ms) | {ms(bg_r and bg_r['p50_us'])} / {ms(bg_r and bg_r['p99_us'])} | "
      f"{ms(bg_w and bg_w['p50_us'])} / {ms(bg_w and bg_w['p99_us'])} | |")

    def grow(a, b):
        return "–" if not a or not b else f"{b['p99_us'] / a['p99_us']:.2f}x"

    w(f"| p99 during saves / idle p99 | {grow(idle_r, bg_r)} | {grow(idle_w, bg_w)} | |")
    w(f"| saves during the {dur} s window | {saves('restis')} | {saves('redis')} | |")
    rr_, rd_ = f_int("restart.restis.ms"), f_int("restart.redis.ms")
    w(f"| restart: process start until the last key answers (ms) | {num(rr_)} | {num(rd_)} | {fmt_ratio(ratio(rr_, rd_))} |")
    w(f"| restart: keys after the restart | {facts.get('restart.restis.dbsize', '–')} | {facts.get('restart.redis.dbsize', '–')} | |")
    w("")
    w(f"Restis's restart includes starting the JVM and Spring (an empty Restis took "
      f"{num(int(facts.get('restis.c.startup_ms', 0)) / 1000, 1)} s to be ready in this run). Their logs: "
      f"Restis \"{facts.get('restart.restis.log', '–')}\"; Redis \"{facts.get('restart.redis.log', '–')}\".")
    w("")

    # ---------------------------------------------------------------- tuning
    w("### Tuning experiments (same run)")
    w("")
    w("Every variant is its own Restis, all started side by side; after a JIT warm-up of each, they are "
      f"measured in turns, {machine.get('tune_rounds')} rounds (wrk as above, {machine.get('tune_secs')} s per run), so that a change in the machine's load "
      "falls on every variant alike. The figure is the median round; the rounds are in brackets.")
    w("")
    w("| Variant | JVM flags | Spring settings | GET /strings/{key} req/s | p99 | pipelined SET commands/s | p99 |")
    w("|---|---|---|---:|---:|---:|---:|")

    def rounds(prefix):
        rs = []
        for k in range(1, 100):
            r = wrk(f"{prefix}-r{k}")
            if r is None:
                break
            rs.append(r)
        return rs

    def median(xs):
        xs = sorted(xs)
        return None if not xs else xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2

    base = None
    p = os.path.join(out, "variants.txt")
    for line in (open(p) if os.path.exists(p) else []):
        name, jvm, spring = line.rstrip("\n").split("|")
        cells = []
        for wl, scale in [("strings-get", 1), ("pipeline-set", 100)]:
            rs = rounds(f"tune-{name}-{wl}")
            med = median([r["rps"] * scale for r in rs])
            p99 = median([r["p99_us"] for r in rs])
            cells.append((med, p99, [r["rps"] * scale for r in rs]))
        if base is None:
            base = cells
        out_cells = []
        for i, (med, p99, all_) in enumerate(cells):
            rel = "" if name == "default" else f" {fmt_ratio(ratio(med, base[i][0]))} of default"
            out_cells.append(f"**{num(med)}**{rel} [{', '.join(num(x) for x in all_)}] | {ms(p99)}")
        w(f"| {name} | `{jvm or '(none)'}` | `{spring or '(defaults)'}` | " + " | ".join(out_cells) + " |")
    w("")

    # ---------------------------------------------------------------- profiles
    w("### Where Restis spends its CPU (JFR execution samples)")
    w("")
    w(f"`jcmd <pid> JFR.start settings=profile duration=...` on the phase-A server while wrk ran the workload "
      f"({conns} connections), then `jfr print --events jdk.ExecutionSample --stack-depth 128`, summarized by "
      "`benchmarks/load/profile.py`. \"On the stack\": samples whose stack passes through the layer; \"top frame\": "
      "samples running in it.")
    w("")
    for name, label in [("strings-get", "GET /strings/{key}"), ("strings-put", "PUT /strings/{key}"),
                        ("pipeline-set", "POST /redis/pipeline, 100 SETs"), ("pipeline-get", "POST /redis/pipeline, 100 GETs"),
                        ("sort", "contact search (SORT via POST /redis)")]:
        p = os.path.join(out, f"profile-{name}.md")
        if os.path.exists(p):
            w(f"#### {label}")
            w("")
            w(open(p).read().rstrip("\n"))
            w("")

    # ---------------------------------------------------------------- tracker
    w("### Page-view ingest")
    w("")
    st = facts.get("tracker.status", "")
    if st in ("404", "405", ""):
        w(f"Pending: the tracker endpoint (`POST /track/{{site}}`, the seed's page-view ingest) is not in this build "
          f"(the probe got {st or 'no answer'}); this workload is added once it lands.")
    else:
        w(f"The tracker endpoint answered {st}; the ingest workload is not scripted yet.")
    w("")

    # ---------------------------------------------------------------- commands
    w("### Commands of this run")
    w("")
    w("Ports are the free loopback ports picked for the run; wrk's script is `benchmarks/load/http.lua`, "
      "datasets come from `benchmarks/load/data.py`.")
    w("")
    w("```")
    p = os.path.join(out, "commands.txt")
    if os.path.exists(p):
        w(open(p).read().rstrip("\n").replace(os.path.dirname(os.path.dirname(os.path.dirname(out))) + "/", ""))
    w("```")
    print("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--update":
        update(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 2:
        main(sys.argv[1])
    else:
        raise SystemExit(__doc__)
