#!/usr/bin/env python3
"""After the page-view workload: did the views land? Prints key=value facts for run.sh.

  tracker_check.py RESTIS_URL SITE WRK_OUTPUT...

WRK_OUTPUT are the outputs of every wrk run that sent views to the site (warm-up included); their
RESULT lines give the views wrk saw answered. The store is read through POST /redis:

  tracker.answered       views answered (wrk's completed requests, all runs), all 2xx or counted as errors
  tracker.counted        the sum of the per-page counters of every day (HVALS tracker:SITE:pages:*)
  tracker.list_length    LLEN tracker:SITE:views: the capped list, restis.tracker.max-views (100) long
  tracker.unique         PFCOUNT of the days' visitor HyperLogLogs
  tracker.visitor_ids    about how many distinct visitor ids wrk sent (one new id every 4 views)

counted may exceed answered by the views still in flight when wrk stopped (at most one per
connection and run): the store has recorded them, wrk has not read their answers.
"""
import http.client
import json
import sys
import urllib.parse


def main(url, site, outputs):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)

    def call(*args):
        conn.request("POST", "/redis", json.dumps(args), {"Content-Type": "application/json"})
        r = conn.getresponse()
        body = json.loads(r.read())
        if r.status != 200 or "result" not in body:
            raise SystemExit(f"restis answered {r.status}: {body}")
        return body["result"]

    answered = errors = 0
    for path in outputs:
        for line in open(path):
            if line.startswith("RESULT "):
                r = json.loads(line[7:])
                answered += r["requests"]
                errors += r["errors_status"] + r["bad_answers"]
    counted = 0
    for key in call("KEYS", f"tracker:{site}:pages:*"):
        counted += sum(int(v) for v in call("HVALS", key))
    visitors = call("KEYS", f"tracker:{site}:visitors:*")
    unique = call("PFCOUNT", *visitors) if visitors else 0
    print(f"tracker.answered={answered}")
    print(f"tracker.errors={errors}")
    print(f"tracker.counted={counted}")
    print(f"tracker.list_length={call('LLEN', f'tracker:{site}:views')}")
    print(f"tracker.unique={unique}")
    print(f"tracker.visitor_ids={answered // 4}")


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
