#!/usr/bin/env python3
"""The datasets of benchmarks/run.sh, identical for Restis and Redis.

  data.py resp DATASET [N]              RESP on stdout, for `redis-cli --pipe`
  data.py restis URL DATASET [N]        POST /redis/pipeline batches to a Restis at URL (two connections)

DATASET:
  keys      N string keys key:%012d = "value-0123456789" (default 100,000): what the GET workloads read
  strings   1M (or N) string keys key:%012d, 16-byte values
  list      one list "list" of 1M (or N) elements "item-%07d", RPUSH 1000 at a time
  zset      one sorted set "zset" of 1M (or N) members "member-%07d", score = index, ZADD 1000 at a time
  contacts  60,000 (or N) contacts: hash contact:<id> {name, email, city, phone}; per city an index
            set city:%012d of ids (50 cities, the names redis-benchmark makes of city:__rand_int__ -r 50)
            and a sorted set city:%012d:byname of the same ids whose score is a sort key: the
            contact's rank in the global name order (byte order of the names, ties broken by id),
            so that "the city's contacts by name" is the sorted set's own order

Everything is generated from a fixed seed, so two runs and both stores get the same bytes.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse

VALUE = "value-0123456789"
CITIES = 50
FIRST = ["Ada", "Alan", "Barbara", "Claude", "Dennis", "Donald", "Edsger", "Frances", "Grace", "Guido",
         "Hedy", "Ivan", "John", "Ken", "Leslie", "Linus", "Margaret", "Niklaus", "Radia", "Rob",
         "Shafi", "Sophie", "Tim", "Tony", "Vint", "Whitfield", "Yukihiro", "Zed"]
LAST = ["Allen", "Backus", "Cerf", "Dijkstra", "Engelbart", "Floyd", "Goldwasser", "Hamilton", "Hoare",
        "Hopper", "Kahn", "Knuth", "Lamport", "Liskov", "Lovelace", "McCarthy", "Perlman", "Pike",
        "Ritchie", "Rossum", "Shannon", "Stroustrup", "Sutherland", "Thompson", "Torvalds", "Turing",
        "Wilson", "Wirth"]


def commands(dataset, n):
    """Yields the commands (lists of str) that build the dataset."""
    if dataset in ("keys", "strings"):
        n = n or (100_000 if dataset == "keys" else 1_000_000)
        for i in range(n):
            yield ["SET", f"key:{i:012d}", VALUE]
    elif dataset == "list":
        n = n or 1_000_000
        for start in range(0, n, 1000):
            yield ["RPUSH", "list"] + [f"item-{i:07d}" for i in range(start, min(n, start + 1000))]
    elif dataset == "zset":
        n = n or 1_000_000
        for start in range(0, n, 1000):
            cmd = ["ZADD", "zset"]
            for i in range(start, min(n, start + 1000)):
                cmd += [str(i), f"member-{i:07d}"]
            yield cmd
    elif dataset == "contacts":
        n = n or 60_000
        rnd = random.Random(42)
        contacts = []  # (name, id, city)
        for cid in range(n):
            first, last = rnd.choice(FIRST), rnd.choice(LAST)
            city = rnd.randrange(CITIES)
            name = f"{last} {first} {rnd.randrange(1000):03d}"
            yield ["HSET", f"contact:{cid}", "name", name,
                   "email", f"{first.lower()}.{last.lower()}{cid}@example.com",
                   "city", f"city:{city:012d}", "phone", f"+33 6 {rnd.randrange(10**8):08d}"]
            contacts.append((name, cid, city))
        members = {}
        for cid, city in ((c[1], c[2]) for c in contacts):
            members.setdefault(city, []).append(str(cid))
        for city, ids in sorted(members.items()):
            for start in range(0, len(ids), 1000):
                yield ["SADD", f"city:{city:012d}"] + ids[start:start + 1000]
        # The sort key: rank in the name order of all contacts. The names are ASCII, so Python's
        # order is their byte order, which is what SORT ... ALPHA compares (strcoll under the C and
        # C.UTF-8 locales; Restis always compares bytes).
        ranked = {}
        for rank, (name, cid, city) in enumerate(sorted(contacts, key=lambda c: (c[0].encode(), c[1]))):
            ranked.setdefault(city, []).append((rank, cid))
        for city, pairs in sorted(ranked.items()):
            for start in range(0, len(pairs), 500):
                cmd = ["ZADD", f"city:{city:012d}:byname"]
                for rank, cid in pairs[start:start + 500]:
                    cmd += [str(rank), str(cid)]
                yield cmd
    else:
        raise SystemExit(f"unknown dataset {dataset}")


def resp(dataset, n):
    out = sys.stdout.buffer
    buf = []
    for cmd in commands(dataset, n):
        parts = [b"*%d\r\n" % len(cmd)]
        for a in cmd:
            b = a.encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(b), b))
        buf.append(b"".join(parts))
        if len(buf) >= 10000:
            out.write(b"".join(buf))
            buf.clear()
    out.write(b"".join(buf))


def batches(dataset, n, max_args=2000):
    batch, args = [], 0
    for cmd in commands(dataset, n):
        batch.append(cmd)
        args += len(cmd)
        if args >= max_args:
            yield batch
            batch, args = [], 0
    if batch:
        yield batch


def restis(url, dataset, n, connections=2):
    u = urllib.parse.urlsplit(url)
    source = batches(dataset, n)
    lock = threading.Lock()
    failures = []
    sent = [0]

    def worker():
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        while not failures:
            with lock:
                batch = next(source, None)
            if batch is None:
                break
            body = json.dumps(batch, separators=(",", ":")).encode()
            conn.request("POST", "/redis/pipeline", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            answer = r.read()
            if r.status != 200 or b'"error"' in answer:
                failures.append(f"{r.status} {answer[:300]!r}")
                break
            with lock:
                sent[0] += len(batch)
        conn.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"loading {dataset} into {url} failed: {failures[0]}")
    print(f"{dataset}: {sent[0]} commands in {time.monotonic() - t0:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "resp":
        resp(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
    elif len(sys.argv) >= 4 and sys.argv[1] == "restis":
        restis(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 0)
    else:
        raise SystemExit(__doc__)
