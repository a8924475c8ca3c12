#!/usr/bin/python3
"""Oracle for test/interop/asn1-impacket.test.ts: impacket.krb5.asn1 (Debian python3-impacket, pyasn1).

Reads a JSON request on stdin, answers JSON on stdout:
  roundtrip: [{type, hex}]  -> for each: impacket decodes the DER with its own class for `type`,
                               then re-encodes it: {"hex": ...} or {"error": ...}
  build:     true           -> messages impacket builds the way its tools do (getTGT, keylistattack):
                               {name: hex}
"""
import json
import sys

from pyasn1.codec.der import decoder, encoder
from pyasn1.type.univ import noValue
from impacket.krb5 import asn1 as a
from impacket.krb5 import constants
from impacket.krb5.types import Principal

CLASSES = {
    'AS-REQ': a.AS_REQ, 'AS-REP': a.AS_REP, 'TGS-REQ': a.TGS_REQ, 'TGS-REP': a.TGS_REP,
    'AP-REQ': a.AP_REQ, 'AP-REP': a.AP_REP, 'KRB-CRED': a.KRB_CRED, 'KRB-ERROR': a.KRB_ERROR,
    'Ticket': a.Ticket, 'Authenticator': a.Authenticator, 'EncTicketPart': a.EncTicketPart,
    'EncASRepPart': a.EncASRepPart, 'EncTGSRepPart': a.EncTGSRepPart, 'EncAPRepPart': a.EncAPRepPart,
    'EncKrbCredPart': a.EncKrbCredPart, 'KDC-REQ-BODY': a.KDC_REQ_BODY, 'EncKDCRepPart': a.EncKDCRepPart,
    'KrbCredInfo': a.KrbCredInfo, 'EncryptedData': a.EncryptedData, 'EncryptionKey': a.EncryptionKey,
    'PrincipalName': a.PrincipalName, 'HostAddresses': a.HostAddresses, 'AuthorizationData': a.AuthorizationData,
    'METHOD-DATA': a.METHOD_DATA, 'TYPED-DATA': a.TYPED_DATA, 'KERB-ERROR-DATA': a.KERB_ERROR_DATA,
    'PA-ENC-TS-ENC': a.PA_ENC_TS_ENC, 'ETYPE-INFO2': a.ETYPE_INFO2, 'KERB-KEY-LIST-REP': a.KERB_KEY_LIST_REP,
    'KERB-KEY-LIST-REQ': a.KERB_KEY_LIST_REQ, 'KERB-PA-PAC-REQUEST': a.KERB_PA_PAC_REQUEST,
    'PA-PAC-OPTIONS': a.PA_PAC_OPTIONS,
}


def roundtrip(item):
    try:
        value, rest = decoder.decode(bytes.fromhex(item['hex']), asn1Spec=CLASSES[item['type']]())
        if rest:
            return {'error': 'trailing bytes'}
        return {'hex': encoder.encode(value).hex()}
    except Exception as e:  # the oracle reports, the test decides
        return {'error': '%s: %s' % (type(e).__name__, e)}


REALM = 'FABRIKAM.LOCAL'
TIME = '20240102030405Z'


def principal(req, field, name, ntype):
    p = Principal(name, type=ntype.value)
    req[field]['name-type'] = p.type
    for i, c in enumerate(p.components):
        req[field]['name-string'][i] = c


def build_as_req():
    """As impacket's getKerberosTGT builds its first AS-REQ (fixed nonce and till)."""
    req = a.AS_REQ()
    req['pvno'] = 5
    req['msg-type'] = int(constants.ApplicationTagNumbers.AS_REQ.value)
    pac = a.KERB_PA_PAC_REQUEST()
    pac['include-pac'] = True
    req['padata'] = noValue
    req['padata'][0] = noValue
    req['padata'][0]['padata-type'] = int(constants.PreAuthenticationDataTypes.PA_PAC_REQUEST.value)
    req['padata'][0]['padata-value'] = encoder.encode(pac)
    body = req['req-body']
    body['kdc-options'] = constants.encodeFlags([constants.KDCOptions.forwardable.value,
                                                 constants.KDCOptions.renewable.value,
                                                 constants.KDCOptions.proxiable.value])
    principal(body, 'sname', 'krbtgt/' + REALM, constants.PrincipalNameType.NT_SRV_INST)
    principal(body, 'cname', 'alice', constants.PrincipalNameType.NT_PRINCIPAL)
    body['realm'] = REALM
    body['till'] = TIME
    body['rtime'] = TIME
    body['nonce'] = 0xdeadbeef
    for i, e in enumerate([18, 17, 23]):
        body['etype'][i] = e
    return encoder.encode(req)


def build_tgs_req_key_list():
    """As impacket's KeyListSecrets: TGS-REQ with PA-TGS-REQ (an AP-REQ) and KERB-KEY-LIST-REQ {23}."""
    ap = a.AP_REQ()
    ticket = ap['ticket']
    ticket['tkt-vno'] = 5
    ticket['realm'] = REALM
    principal(ticket, 'sname', 'krbtgt/' + REALM, constants.PrincipalNameType.NT_SRV_INST)
    ticket['enc-part']['etype'] = 18
    ticket['enc-part']['kvno'] = (0x1234 << 16) | 1
    ticket['enc-part']['cipher'] = bytes(range(48))
    ap['pvno'] = 5
    ap['msg-type'] = int(constants.ApplicationTagNumbers.AP_REQ.value)
    ap['ap-options'] = constants.encodeFlags([])
    ap['authenticator']['etype'] = 18
    ap['authenticator']['cipher'] = bytes(range(64))
    keylist = a.KERB_KEY_LIST_REQ()
    keylist[0] = int(constants.EncryptionTypes.rc4_hmac.value)
    req = a.TGS_REQ()
    req['pvno'] = 5
    req['msg-type'] = int(constants.ApplicationTagNumbers.TGS_REQ.value)
    req['padata'] = noValue
    req['padata'][0] = noValue
    req['padata'][0]['padata-type'] = int(constants.PreAuthenticationDataTypes.PA_TGS_REQ.value)
    req['padata'][0]['padata-value'] = encoder.encode(ap)
    req['padata'][1] = noValue
    req['padata'][1]['padata-type'] = 161
    req['padata'][1]['padata-value'] = encoder.encode(keylist)
    body = req['req-body']
    body['kdc-options'] = constants.encodeFlags([constants.KDCOptions.canonicalize.value])
    principal(body, 'sname', 'krbtgt/' + REALM, constants.PrincipalNameType.NT_SRV_INST)
    body['realm'] = REALM
    body['till'] = TIME
    body['nonce'] = 0x7fedcba9
    body['etype'][0] = 23
    body['etype'][1] = 18
    return encoder.encode(req)


def main():
    req = json.load(sys.stdin)
    out = {}
    if 'roundtrip' in req:
        out['roundtrip'] = [roundtrip(i) for i in req['roundtrip']]
    if req.get('build'):
        out['build'] = {'AS-REQ': build_as_req().hex(), 'TGS-REQ key list': build_tgs_req_key_list().hex()}
    json.dump(out, sys.stdout)


main()
