#!/usr/bin/python3
"""impacket 0.10.0 (Debian python3-impacket) as the client side of the lab KDC interop test.

Reads one JSON request on stdin, writes one JSON reply on stdout:
  {"op": "keytab-key", "keytab", "principal", "etype"}
      -> {"keyHex", "kvno"}: a key from a keytab written by `ctlab keytab`, read by impacket's Keytab.
  {"op": "open-service-ticket", "ccache", "spn", "service": {"password", "salt"},
   "krbtgt": {"password", "salt"}}
      -> the service ticket of a ccache written by getST.py, decrypted with the service key impacket
         derives itself (string_to_key from the password and AD salt), its EncTicketPart fields, and
         the PAC parsed and verified by impacket structures (py/impacket_pac.py), the KDC, ticket
         and full signatures checked with the krbtgt key derived the same way.
  {"op": "exchange-partial", "ticketHex", "sessionKeyHex", "user", "domain", "kdc", "rodcNo", "rodcKeyHex"}
      -> a partial TGT built by the lab's partial-tgt.ts, sent with impacket's own
         KeyListSecrets.getFullTGT (TGS-REQ with KERB-KEY-LIST-REQ, no authenticator checksum) and
         read with KeyListSecrets.getKey: {"ntHash"} or {"error": <what impacket logged>}.
Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian packages). impacket
always talks to port 88 (kerberosv5.sendReceive has no port parameter).
"""
import json
import logging
import os
import sys

from pyasn1.codec.der import decoder, encoder
from impacket.examples.secretsdump import KeyListSecrets
from impacket.krb5 import constants
from impacket.krb5.asn1 import AD_IF_RELEVANT, AuthorizationData, EncTicketPart, Ticket as TicketAsn1
from impacket.krb5.ccache import CCache
from impacket.krb5.crypto import Key, _enctype_table
from impacket.krb5.keytab import Keytab
from impacket.krb5.types import Principal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import impacket_pac  # noqa: E402  (the PAC helper next to this file)

AD_IF_RELEVANT_TYPE = 1
AD_WIN2K_PAC = 128


def derive(etype, secret):
    return _enctype_table[etype].string_to_key(secret['password'], secret['salt'].encode('utf-8'), None)


def keytab_key(req):
    kt = Keytab.loadFile(req['keytab'])
    for e in kt.entries:
        if e.main_part['principal'].prettyPrint().decode().split('@')[0].lower() == req['principal'].lower() \
                and e.main_part['keyblock']['keytype'] == req['etype']:
            return {'keyHex': bytes(e.main_part['keyblock']['keyvalue']['data']).hex(), 'kvno': e.kvno}
    return {'error': 'no such key'}


def find_pac(enc):
    """The PAC bytes and a copy of the EncTicketPart with the PAC replaced by one zero byte."""
    pac = None
    for i, outer in enumerate(enc['authorization-data']):
        if int(outer['ad-type']) != AD_IF_RELEVANT_TYPE:
            continue
        inner = decoder.decode(bytes(outer['ad-data']), asn1Spec=AD_IF_RELEVANT())[0]
        for j, el in enumerate(inner):
            if int(el['ad-type']) == AD_WIN2K_PAC:
                pac = bytes(el['ad-data'])
                inner[j]['ad-data'] = b'\x00'
                enc['authorization-data'][i]['ad-data'] = encoder.encode(inner)
    return pac, encoder.encode(enc)


def open_service_ticket(req):
    cc = CCache.loadFile(req['ccache'])
    cred = None
    for c in cc.credentials:
        server = c['server'].prettyPrint().decode()
        if server.lower().startswith(req['spn'].lower() + '@'):
            cred = c
    if cred is None:
        return {'error': 'no credential for %s in %s' % (req['spn'], [c['server'].prettyPrint() for c in cc.credentials])}
    ticket = decoder.decode(cred.ticket['data'], asn1Spec=TicketAsn1())[0]
    etype = int(ticket['enc-part']['etype'])
    skey = derive(etype, req['service'])
    plain = _enctype_table[etype].decrypt(skey, 2, bytes(ticket['enc-part']['cipher']))
    enc = decoder.decode(plain, asn1Spec=EncTicketPart())[0]
    out = {
        'ticketEtype': etype,
        'kvno': int(ticket['enc-part']['kvno']),
        'cname': [str(s) for s in enc['cname']['name-string']],
        'crealm': str(enc['crealm']),
        'sessionKeyType': int(enc['key']['keytype']),
        'ccacheSessionKeyType': cred['key']['keytype'],
    }
    pac, signing = find_pac(enc)
    if pac is None:
        out['pac'] = None
        return out
    ktype = 18
    kkey = derive(ktype, req['krbtgt'])
    out['pac'] = impacket_pac.decode({
        'pacHex': pac.hex(),
        'serverKey': {'etype': etype, 'hex': skey.contents.hex()},
        'kdcKey': {'etype': ktype, 'hex': kkey.contents.hex()},
        'ticketSigningDataHex': signing.hex(),
    })
    return out


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def exchange_partial(req):
    collect = Collect()
    logging.getLogger().addHandler(collect)
    partial = decoder.decode(bytes.fromhex(req['ticketHex']), asn1Spec=TicketAsn1())[0]
    secrets = KeyListSecrets(req['domain'], req['kdc'], req['rodcNo'], req['rodcKeyHex'], None)
    user = Principal(req['user'], type=constants.PrincipalNameType.NT_PRINCIPAL.value)
    session = bytes.fromhex(req['sessionKeyHex'])
    try:
        full = secrets.getFullTGT(user, partial, session)
    except Exception as e:  # impacket raises for some errors (BAD_INTEGRITY, S_PRINCIPAL_UNKNOWN)
        return {'error': str(e)}
    if full is None:
        return {'error': ' | '.join(collect.lines)}
    return {'ntHash': secrets.getKey(full, session)[2:]}


def main():
    req = json.load(sys.stdin)
    ops = {'keytab-key': keytab_key, 'open-service-ticket': open_service_ticket, 'exchange-partial': exchange_partial}
    json.dump(ops[req['op']](req), sys.stdout)


if __name__ == '__main__':
    main()
