#!/usr/bin/python3
"""The LDAP benchmark's client (bench/ldap.ts): python-ldap3 (Debian python3-ldap3), run with
/usr/bin/python3. One bound connection per client process, a closed loop of the same subtree
search. Protocol on stdio: prints "ready" once every client is bound, waits for one line on
stdin, runs for the given seconds, prints one JSON line {count, errors, firstError, elapsed,
p50Ms, p99Ms}.

  ldap_client.py HOST PORT USER PASSWORD BASE FILTER CLIENTS SECONDS ATTR[,ATTR...]
"""
import json
import multiprocessing as mp
import sys
import time

from ldap3 import SUBTREE, Connection, Server


def worker(args, ready, go, out):
    host, port, user, password, base, flt, attrs, seconds = args
    conn = Connection(Server(host, port=port, get_info=None), user=user, password=password, auto_bind=True)
    # One search before the clock starts (the server's first answer, the client's imports).
    conn.search(base, flt, SUBTREE, attributes=attrs)
    ready.release()
    go.wait()
    count, errors, first, lat = 0, 0, None, []
    end = time.monotonic() + seconds
    start = time.monotonic()
    while True:
        t0 = time.perf_counter()
        ok = conn.search(base, flt, SUBTREE, attributes=attrs)
        lat.append(time.perf_counter() - t0)
        count += 1
        found = sum(1 for r in conn.response if r.get('type') == 'searchResEntry')
        if not ok or found != 1:
            errors += 1
            first = first or '%s, %d entries' % (conn.result.get('description'), found)
        if time.monotonic() >= end:
            break
    elapsed = time.monotonic() - start
    conn.unbind()
    out.put({'count': count, 'errors': errors, 'first': first, 'elapsed': elapsed, 'lat': lat})


def main():
    host, port, user, password, base, flt, clients, seconds, attrs = sys.argv[1:10]
    clients, seconds = int(clients), float(seconds)
    args = (host, int(port), user, password, base, flt, attrs.split(','), seconds)
    ready, go, out = mp.Semaphore(0), mp.Event(), mp.Queue()
    procs = [mp.Process(target=worker, args=(args, ready, go, out)) for _ in range(clients)]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    print('ready', flush=True)
    sys.stdin.readline()
    go.set()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
    lat = sorted(x for r in results for x in r['lat'])
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else 0.0
    print(json.dumps({
        'count': sum(r['count'] for r in results),
        'errors': sum(r['errors'] for r in results),
        'firstError': next((r['first'] for r in results if r['first']), None),
        'elapsed': max(r['elapsed'] for r in results),
        'p50Ms': pct(0.5),
        'p99Ms': pct(0.99),
    }), flush=True)


if __name__ == '__main__':
    main()
