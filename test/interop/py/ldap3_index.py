#!/usr/bin/python3
"""python-ldap3 (Debian python3-ldap3) against the lab's LDAP server on a large directory.

Reads one JSON request on stdin: {"port", "user", "password", "base", "sams": [...],
"sids": [...], "memberSids": [...], "pageSize"}; writes one JSON reply on stdout:
  {"paged": [sAMAccountName, ...] of a paged subtree search for (objectCategory=person),
   "pages": how many pages it took,
   "bySam": {sam: dn}, "bySid": {sid: dn} (objectSid asserted as escaped binary),
   "groupsOf": {sid: [group cn, ...]} for (&(objectClass=group)(member=<SID=...>))}
Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian packages).
"""
import json
import sys

from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_bytes


def one(v):
    """A single value (ldap3 without schema information returns every attribute as a list)."""
    return str(v[0]) if isinstance(v, list) else str(v)


def sid_bytes(sid):
    parts = sid.split('-')
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(x) for x in parts[3:]]
    return bytes([rev, len(subs)]) + auth.to_bytes(6, 'big') + b''.join(s.to_bytes(4, 'little') for s in subs)


def main():
    req = json.load(sys.stdin)
    conn = Connection(Server('127.0.0.1', port=req['port'], get_info=None), user=req['user'], password=req['password'], auto_bind=True)
    out = {'paged': [], 'pages': 0, 'bySam': {}, 'bySid': {}, 'groupsOf': {}}
    cookie = None
    while True:
        conn.search(req['base'], '(objectCategory=person)', SUBTREE, attributes=['sAMAccountName'], paged_size=req['pageSize'], paged_cookie=cookie)
        out['pages'] += 1
        out['paged'] += [one(e['attributes']['sAMAccountName']) for e in conn.response if e['type'] == 'searchResEntry']
        cookie = conn.result['controls']['1.2.840.113556.1.4.319']['value']['cookie']
        if not cookie:
            break
    for sam in req['sams']:
        conn.search(req['base'], '(sAMAccountName=%s)' % sam, SUBTREE, attributes=['1.1'])
        out['bySam'][sam] = [e['dn'] for e in conn.response if e['type'] == 'searchResEntry']
    for sid in req['sids']:
        conn.search(req['base'], '(objectSid=%s)' % escape_bytes(sid_bytes(sid)), SUBTREE, attributes=['1.1'])
        out['bySid'][sid] = [e['dn'] for e in conn.response if e['type'] == 'searchResEntry']
    for sid in req['memberSids']:
        conn.search(req['base'], '(&(objectClass=group)(member=<SID=%s>))' % sid, SUBTREE, attributes=['cn'])
        out['groupsOf'][sid] = sorted(one(e['attributes']['cn']) for e in conn.response if e['type'] == 'searchResEntry')
    conn.unbind()
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
