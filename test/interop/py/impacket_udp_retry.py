#!/usr/bin/python3
"""impacket 0.10.0 (Debian python3-impacket) sending its TGS-REQ over UDP first, as Windows does.

Reads one JSON request on stdin, writes one JSON reply on stdout:
  {"user", "domain", "kdc", "spn", "password" | "aesKeyHex" | "ntHashHex", "service": {"password", "salt"}}
The TGT comes from impacket's getKerberosTGT (a password gives an aes256 session key, a 16-byte
AES key aes128, an NT hash rc4-hmac: impacket asks for that one enctype). The service ticket comes
from impacket's own getKerberosTGS, whose kerberosv5.sendReceive is wrapped so that the TGS-REQ
bytes impacket built go first over UDP to port 88, twice (a retransmission), and then to
impacket's own sendReceive (TCP) unchanged, as RFC 4120 7.2.1 has a client retry after
KRB_ERR_RESPONSE_TOO_BIG. Then the same authenticator is sent in another request (the req-body
nonce changed: impacket's authenticator carries no req-body checksum), which a KDC must refuse.
Reply:
  {"udpErrors": [code, code], "tcp": "TGS-REP", "sessionKeyEtype", "authenticatorEtype",
   "ticketEtype", "sname", "cname", "hasPac", "replay": {"error": code} | {"reply": "TGS-REP"}}
Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian packages).
"""
import json
import socket
import sys

from pyasn1.codec.der import decoder, encoder
from impacket.krb5 import constants, kerberosv5
from impacket.krb5.asn1 import AD_IF_RELEVANT, KRB_ERROR, TGS_REP, TGS_REQ, AP_REQ, EncTicketPart
from impacket.krb5.crypto import _enctype_table
from impacket.krb5.kerberosv5 import KerberosError, getKerberosTGS, getKerberosTGT
from impacket.krb5.types import Principal

AD_IF_RELEVANT_TYPE = 1
AD_WIN2K_PAC = 128


def udp_exchange(data, host):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(10)
    try:
        s.sendto(data, (host, 88))
        reply, _ = s.recvfrom(65535)
    finally:
        s.close()
    return reply


def error_code(reply):
    try:
        return int(decoder.decode(reply, asn1Spec=KRB_ERROR())[0]['error-code'])
    except Exception:
        return None


def has_pac(enc):
    for outer in enc['authorization-data']:
        if int(outer['ad-type']) != AD_IF_RELEVANT_TYPE:
            continue
        for el in decoder.decode(bytes(outer['ad-data']), asn1Spec=AD_IF_RELEVANT())[0]:
            if int(el['ad-type']) == AD_WIN2K_PAC:
                return True
    return False


def main():
    req = json.load(sys.stdin)
    user = Principal(req['user'], type=constants.PrincipalNameType.NT_PRINCIPAL.value)
    tgt, cipher, _old, session_key = getKerberosTGT(
        user, req.get('password', ''), req['domain'], '', bytes.fromhex(req.get('ntHashHex', '')),
        bytes.fromhex(req.get('aesKeyHex', '')), req['kdc'])

    tcp_send = kerberosv5.sendReceive
    seen = {'udpErrors': [], 'request': None}

    def udp_first(data, host, kdc_host):
        seen['request'] = data
        for _ in range(2):
            seen['udpErrors'].append(error_code(udp_exchange(data, kdc_host)))
        return tcp_send(data, host, kdc_host)

    kerberosv5.sendReceive = udp_first
    try:
        server = Principal(req['spn'], type=constants.PrincipalNameType.NT_SRV_INST.value)
        rep, _c, _k, _n = getKerberosTGS(server, req['domain'], req['kdc'], tgt, cipher, session_key)
    finally:
        kerberosv5.sendReceive = tcp_send

    out = {'udpErrors': seen['udpErrors']}
    tgs = decoder.decode(rep, asn1Spec=TGS_REP())[0]
    out['tcp'] = 'TGS-REP'
    out['sessionKeyEtype'] = int(session_key.enctype)
    ap = decoder.decode(bytes(decoder.decode(seen['request'], asn1Spec=TGS_REQ())[0]['padata'][0]['padata-value']), asn1Spec=AP_REQ())[0]
    out['authenticatorEtype'] = int(ap['authenticator']['etype'])
    etype = int(tgs['ticket']['enc-part']['etype'])
    out['ticketEtype'] = etype
    out['sname'] = [str(s) for s in tgs['ticket']['sname']['name-string']]
    skey = _enctype_table[etype].string_to_key(req['service']['password'], req['service']['salt'].encode('utf-8'), None)
    enc = decoder.decode(_enctype_table[etype].decrypt(skey, 2, bytes(tgs['ticket']['enc-part']['cipher'])), asn1Spec=EncTicketPart())[0]
    out['cname'] = [str(s) for s in enc['cname']['name-string']]
    out['hasPac'] = has_pac(enc)

    # A genuine replay: the same AP-REQ (authenticator) in a request with another nonce.
    other = decoder.decode(seen['request'], asn1Spec=TGS_REQ())[0]
    other['req-body']['nonce'] = (int(other['req-body']['nonce']) + 1) % (1 << 31)
    try:
        tcp_send(encoder.encode(other), req['domain'], req['kdc'])
        out['replay'] = {'reply': 'TGS-REP'}
    except KerberosError as e:
        out['replay'] = {'error': int(e.getErrorCode())}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
