#!/usr/bin/env python3
"""Checks, before the contact search is timed, that Restis and Redis answer it alike.

  pages.py RESTIS_URL REDIS_PORT CITIES     prints key=value facts for run.sh's facts.txt

For every city (city:%012d, 0 <= i < CITIES) it asks both stores for page 1 of the city's contacts
sorted by name, in the two forms the benchmark times:

  alpha   SORT city:X BY contact:*->name ALPHA LIMIT 0 20 GET # GET contact:*->name GET contact:*->email
  key     SORT city:X:byname BY nosort LIMIT 0 20 GET # GET contact:*->name GET contact:*->email

and counts the cities where the pages are identical (ids, names and e-mails), Restis against
Redis for each form, and the two forms against each other on Redis. Where only the names agree,
contacts with the same name came in another order: the ALPHA form leaves the order of equal names
to the sort (Redis's partial quicksort under LIMIT does not keep it; Restis's sort is stable over
the set's order), while the sort key breaks ties by id.
"""
import http.client
import json
import socket
import sys
import urllib.parse

TAIL = ["LIMIT", "0", "20", "GET", "#", "GET", "contact:*->name", "GET", "contact:*->email"]


def query(form, city):
    if form == "alpha":
        return ["SORT", f"city:{city:012d}", "BY", "contact:*->name", "ALPHA"] + TAIL
    return ["SORT", f"city:{city:012d}:byname", "BY", "nosort"] + TAIL


class Resp:
    """Just enough of a RESP client for SORT: arrays of bulk strings (nil as None)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.buf = self.sock.makefile("rb")

    def call(self, args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a.encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(out))
        return self._read()

    def _read(self):
        line = self.buf.readline()[:-2]
        kind, rest = line[:1], line[1:]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._read() for _ in range(n)]
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.buf.read(n + 2)[:-2]
            return data.decode()
        if kind == b"-":
            raise SystemExit(f"redis: {rest.decode()}")
        return rest.decode()


def main(url, port, cities):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    redis = Resp(port)

    def restis(args):
        conn.request("POST", "/redis", json.dumps(args), {"Content-Type": "application/json"})
        r = conn.getresponse()
        body = json.loads(r.read())
        if r.status != 200 or "result" not in body:
            raise SystemExit(f"restis answered {r.status}: {body}")
        return body["result"]

    same = {"alpha": 0, "key": 0}
    same_names = {"alpha": 0, "key": 0}
    forms_same = forms_same_names = 0
    differing = {"alpha": [], "key": []}
    for city in range(cities):
        pages = {}
        for form in ("alpha", "key"):
            ours, theirs = restis(query(form, city)), redis.call(query(form, city))
            pages[form] = theirs
            if ours == theirs:
                same[form] += 1
            else:
                differing[form].append(city)
            if ours[1::3] == theirs[1::3]:
                same_names[form] += 1
        forms_same += pages["alpha"] == pages["key"]
        forms_same_names += pages["alpha"][1::3] == pages["key"][1::3]
    print(f"contacts.cities_checked={cities}")
    for form in ("alpha", "key"):
        print(f"contacts.{form}.same_page={same[form]}")
        print(f"contacts.{form}.same_names={same_names[form]}")
        print(f"contacts.{form}.differing={' '.join(str(c) for c in differing[form][:10])}")
    print(f"contacts.forms.same_page={forms_same}")
    print(f"contacts.forms.same_names={forms_same_names}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
