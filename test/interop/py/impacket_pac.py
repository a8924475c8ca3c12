#!/usr/bin/python3
"""impacket 0.10.0 (Debian python3-impacket) as a second MS-PAC implementation for our interop test.

Reads one JSON request on stdin, writes one JSON reply on stdout:
  {"op": "decode", "pacHex": ..., "serverKey": {"etype", "hex"}, "kdcKey": {...}}
      -> every buffer parsed with impacket.krb5.pac structures (VALIDATION_INFO via NDR fromString
         plus fromStringReferents, as impacket's ticketer.py reads a PAC), and each signature
         recomputed with impacket.krb5.crypto over the PAC with the signature fields zeroed.
  {"op": "build", ...user...}
      -> a PAC assembled from impacket structures the way ticketer.py assembles one (our own code,
         not a copy), signed with impacket.krb5.crypto; "seed" fixes impacket's random referent ids.
Run with /usr/bin/python3 (the pyenv python3 on PATH cannot see Debian packages).
"""
import json
import random
import struct
import sys

from impacket.dcerpc.v5.dtypes import NULL, RPC_SID
from impacket.dcerpc.v5.ndr import NDRULONG
from impacket.dcerpc.v5.samr import GROUP_MEMBERSHIP
from impacket.krb5.crypto import Key, _checksum_table
from impacket.krb5.pac import (KERB_SID_AND_ATTRIBUTES, KERB_VALIDATION_INFO, PAC_CLIENT_INFO, PAC_INFO_BUFFER,
                               PAC_SIGNATURE_DATA, PACTYPE, UPN_DNS_INFO, VALIDATION_INFO)
from impacket.ldap.ldaptypes import LDAP_SID

KERB_NON_KERB_CKSUM_SALT = 17
SIG_TYPES = (6, 7, 0x10, 0x13)
# Signature sizes (RFC 3962 section 7, RFC 4757 section 4); impacket's _HMACMD5 has no macsize.
MAC_SIZE = {15: 12, 16: 12, -138: 16}


def key_of(k):
    return Key(k['etype'], bytes.fromhex(k['hex']))


def filetime(ft):
    return (ft['dwHighDateTime'] << 32) | ft['dwLowDateTime']


def u16s(s):
    return s.decode('utf-16le')


def decode_logon_info(data):
    vi = VALIDATION_INFO()
    vi.fromString(data)
    vi.fromStringReferents(data, len(vi.getData()))
    d = vi['Data']
    groups = [[g['RelativeId'], g['Attributes']] for g in d['GroupIds']] if d['GroupIds'] else []
    extra = [[s['Sid'].formatCanonical(), s['Attributes']] for s in d['ExtraSids']] if d['ExtraSids'] else []
    rgids = [[g['RelativeId'], g['Attributes']] for g in d['ResourceGroupIds']] if d['ResourceGroupIds'] else []
    out = {name: str(filetime(d[name])) for name in ('LogonTime', 'LogoffTime', 'KickOffTime', 'PasswordLastSet',
                                                   'PasswordCanChange', 'PasswordMustChange')}
    for name in ('EffectiveName', 'FullName', 'LogonScript', 'ProfilePath', 'HomeDirectory', 'HomeDirectoryDrive',
                 'LogonServer', 'LogonDomainName'):
        out[name] = str(d[name])
    for name in ('LogonCount', 'BadPasswordCount', 'UserId', 'PrimaryGroupId', 'GroupCount', 'UserFlags',
                 'UserAccountControl', 'SubAuthStatus', 'FailedILogonCount', 'SidCount', 'ResourceGroupCount'):
        out[name] = d[name]
    out['GroupIds'] = groups
    out['ExtraSids'] = extra
    out['ResourceGroupIds'] = rgids
    out['LogonDomainId'] = d['LogonDomainId'].formatCanonical()
    out['ResourceGroupDomainSid'] = d['ResourceGroupDomainSid'].formatCanonical() if d['ResourceGroupDomainSid'] else None
    out['UserSessionKey'] = bytes(d['UserSessionKey']).hex()
    return out


def decode_upn(data):
    u = UPN_DNS_INFO(data)
    out = {
        'upn': u16s(data[u['UpnOffset']:u['UpnOffset'] + u['UpnLength']]),
        'dnsDomainName': u16s(data[u['DnsDomainNameOffset']:u['DnsDomainNameOffset'] + u['DnsDomainNameLength']]),
        'flags': u['Flags'],
    }
    if u['Flags'] & 2:  # MS-PAC 2.10.1 extension; impacket 0.10 has no structure for it
        sam_len, sam_off, sid_len, sid_off = struct.unpack_from('<HHHH', data, 12)
        out['samName'] = u16s(data[sam_off:sam_off + sam_len])
        out['sid'] = LDAP_SID(data[sid_off:sid_off + sid_len]).formatCanonical()
    return out


def decode(req):
    pac = bytes.fromhex(req['pacHex'])
    p = PACTYPE(pac)
    bufs = []
    for i in range(p['cBuffers']):
        ib = PAC_INFO_BUFFER(p['Buffers'][i * 16:(i + 1) * 16])
        bufs.append((ib['ulType'], ib['cbBufferSize'], ib['Offset']))
    out = {'cBuffers': p['cBuffers'], 'version': p['Version'], 'buffers': [list(b) for b in bufs], 'signatures': {}}
    for (t, size, off) in bufs:
        data = pac[off:off + size]
        if t == 1:
            out['logonInfo'] = decode_logon_info(data)
        elif t == 10:
            ci = PAC_CLIENT_INFO(data)
            out['clientInfo'] = {'clientId': str(ci['ClientId']), 'name': u16s(ci['Name'])}
        elif t == 12:
            out['upnDnsInfo'] = decode_upn(data)
        elif t == 0x11:  # PAC_ATTRIBUTES_INFO (MS-PAC 2.14), not in impacket 0.10
            n = struct.unpack_from('<L', data, 0)[0]
            out['attributesInfo'] = {'flagsLength': n, 'flags': list(struct.unpack_from('<%dL' % ((n + 31) // 32), data, 4))}
        elif t == 0x12:  # PAC_REQUESTOR (MS-PAC 2.15): a binary SID
            out['requestor'] = LDAP_SID(data).formatCanonical()
        elif t in SIG_TYPES:
            s = PAC_SIGNATURE_DATA(data)
            mac = MAC_SIZE[s['SignatureType']]
            sig = s['Signature']
            out['signatures'][str(t)] = {'type': s['SignatureType'], 'signature': sig[:mac].hex(),
                                         'rodcIdentifier': struct.unpack('<H', sig[mac:])[0] if len(sig) == mac + 2 else None}
    out['verify'] = verify(pac, bufs, req)
    return out


def verify(pac, bufs, req):
    where = {t: (off, size) for (t, size, off) in bufs}

    def zeroed(*types):
        b = bytearray(pac)
        for t in types:
            if t in where:
                off, size = where[t]
                b[off + 4:off + size] = b'\x00' * (size - 4)
        return bytes(b)

    def mac_ok(t, key, data):
        off, size = where[t]
        ctype = struct.unpack_from('<l', pac, off)[0]
        cs = _checksum_table[ctype]
        expect = pac[off + 4:off + 4 + MAC_SIZE[ctype]]
        return cs.checksum(key, KERB_NON_KERB_CKSUM_SALT, data) == expect

    res = {}
    skey, kkey = key_of(req['serverKey']), key_of(req['kdcKey'])
    res['server'] = mac_ok(6, skey, zeroed(6, 7))
    soff, ssize = where[6]
    res['kdc'] = mac_ok(7, kkey, pac[soff + 4:soff + ssize])
    if 0x13 in where:
        res['full'] = mac_ok(0x13, kkey, zeroed(6, 7, 0x13))
    if 0x10 in where and 'ticketSigningDataHex' in req:
        res['ticket'] = mac_ok(0x10, kkey, bytes.fromhex(req['ticketSigningDataHex']))
    return res


def sid(s):
    r = RPC_SID()
    r.fromCanonical(s)
    return r


def build(req):
    random.seed(req.get('seed', 1))  # impacket draws NDR referent ids from random
    ft = (req['authTime'] + 11644473600) * 10000000
    k = KERB_VALIDATION_INFO()
    for name in ('LogonTime', 'PasswordLastSet'):
        k[name]['dwLowDateTime'] = ft & 0xffffffff
        k[name]['dwHighDateTime'] = ft >> 32
    for name in ('LogoffTime', 'KickOffTime', 'PasswordMustChange'):
        k[name]['dwLowDateTime'] = 0xffffffff
        k[name]['dwHighDateTime'] = 0x7fffffff
    for name in ('PasswordCanChange', 'LastSuccessfulILogon', 'LastFailedILogon'):
        k[name]['dwLowDateTime'] = 0
        k[name]['dwHighDateTime'] = 0
    k['EffectiveName'] = req['user']
    k['FullName'] = req['fullName']
    for name in ('LogonScript', 'ProfilePath', 'HomeDirectory', 'HomeDirectoryDrive'):
        k[name] = ''
    k['LogonCount'] = req['logonCount']
    k['BadPasswordCount'] = 0
    k['UserId'] = req['userId']
    k['PrimaryGroupId'] = req['primaryGroupId']
    k['GroupCount'] = len(req['groups'])
    for rid in req['groups']:
        g = GROUP_MEMBERSHIP()
        n = NDRULONG()
        n['Data'] = rid
        g['RelativeId'] = n
        g['Attributes'] = 7
        k['GroupIds'].append(g)
    k['UserFlags'] = 0x20 | 0x200
    k['UserSessionKey'] = b'\x00' * 16
    k['LogonServer'] = req['logonServer']
    k['LogonDomainName'] = req['domain']
    k['LogonDomainId'].fromCanonical(req['domainSid'])
    k['LMKey'] = b'\x00' * 8
    k['UserAccountControl'] = req['uac']
    k['SubAuthStatus'] = 0
    k['FailedILogonCount'] = 0
    k['Reserved3'] = 0
    k['SidCount'] = len(req['extraSids'])
    for s in req['extraSids']:
        e = KERB_SID_AND_ATTRIBUTES()
        e['Sid'] = sid(s)
        e['Attributes'] = 7
        k['ExtraSids'].append(e)
    k['ResourceGroupDomainSid'] = sid(req['resourceGroupDomainSid'])
    k['ResourceGroupCount'] = len(req['resourceGroupIds'])
    for rid in req['resourceGroupIds']:
        g = GROUP_MEMBERSHIP()
        n = NDRULONG()
        n['Data'] = rid
        g['RelativeId'] = n
        g['Attributes'] = 0x20000007
        k['ResourceGroupIds'].append(g)
    vi = VALIDATION_INFO()
    vi['Data'] = k
    logon = vi.getData() + vi.getDataReferents()

    ci = PAC_CLIENT_INFO()
    ci['ClientId'] = ft
    ci['Name'] = req['user'].encode('utf-16le')
    ci['NameLength'] = len(ci['Name'])

    # UPN_DNS_INFO with the strings right after the 12-byte header, DNS name first: a layout unlike
    # Windows' (8-byte aligned, UPN first) so the reader must follow the offsets.
    upn, dns = req['upn'].encode('utf-16le'), req['dnsDomainName'].encode('utf-16le')
    u = UPN_DNS_INFO()
    u['DnsDomainNameLength'], u['DnsDomainNameOffset'] = len(dns), 12
    u['UpnLength'], u['UpnOffset'] = len(upn), 12 + len(dns)
    u['Flags'] = 0
    upn_info = u.getData() + dns + upn

    skey, kkey = key_of(req['serverKey']), key_of(req['kdcKey'])
    stype = _checksum_table_type(skey)
    ktype = _checksum_table_type(kkey)
    blobs = [(1, logon), (10, ci.getData()), (12, upn_info)]
    for (t, ctype) in ((6, stype), (7, ktype)):
        s = PAC_SIGNATURE_DATA()
        s['SignatureType'] = ctype
        s['Signature'] = b'\x00' * MAC_SIZE[ctype]
        blobs.append((t, s.getData()))

    offset = 8 + 16 * len(blobs)
    header, body, where = b'', b'', {}
    for (t, blob) in blobs:
        ib = PAC_INFO_BUFFER()
        ib['ulType'], ib['cbBufferSize'], ib['Offset'] = t, len(blob), offset
        header += ib.getData()
        where[t] = offset
        pad = (len(blob) + 7) // 8 * 8 - len(blob)
        body += blob + b'\x00' * pad
        offset += len(blob) + pad
    p = PACTYPE()
    p['cBuffers'], p['Version'], p['Buffers'] = len(blobs), 0, header + body
    pac = bytearray(p.getData())
    smac = _checksum_table[stype].checksum(skey, KERB_NON_KERB_CKSUM_SALT, bytes(pac))
    pac[where[6] + 4:where[6] + 4 + len(smac)] = smac
    kmac = _checksum_table[ktype].checksum(kkey, KERB_NON_KERB_CKSUM_SALT, smac)
    pac[where[7] + 4:where[7] + 4 + len(kmac)] = kmac
    return {'pacHex': bytes(pac).hex()}


def _checksum_table_type(key):
    # RFC 3962 / RFC 4757: aes128 -> 15, aes256 -> 16, rc4-hmac -> -138
    return {17: 15, 18: 16, 23: -138}[key.enctype]


def main():
    req = json.load(sys.stdin)
    out = decode(req) if req['op'] == 'decode' else build(req)
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
