#!/usr/bin/python3
"""A cloud-trust client of the lab's fake Entra ID, written from the public format (the one
roadtx/roadlib, AADInternals and libhimmelblau speak; PROTOCOL.md section 1) with Debian's
python3-requests, python3-cryptography, python3-jwt and python3-impacket; none of the lab's code.

Reads one JSON request on stdin, writes one JSON reply on stdout:
  {"base": "https://127.0.0.1:10443", "cacert": FILE, "upn", "password", "hello": bool,
   "domain": "FABRIKAM.LOCAL", "kdc": "2130706433", "exchange": bool}
Steps: DRS token by ROPC (client 1b730954-..., resource urn:ms-drs:enterpriseregistration.windows.net),
device registration (CSR + RSA1 transport key), optionally a Windows Hello key (kngc), a
srv_challenge nonce, the PRT request (request JWT signed with the device key, x5c, tgt=True),
session_key_jwe unwrapped with the transport key (RSA-OAEP SHA-1), the clientKey key derived
(KBKDF-HMAC-SHA256, label AzureAD-SecureConversation, ctx), the AS-REP opened with impacket, and
(exchange) impacket's TGS-REQ with the partial TGT and KERB-KEY-LIST-REQ sent to the lab KDC on
port 88 (KeyListSecrets.getFullTGT / getKey): the full TGT and the NT hash, or the KDC's error.
"""
import base64
import json
import logging
import struct
import sys
import time

import jwt
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.kbkdf import KBKDFHMAC, CounterLocation, Mode
from cryptography.x509.oid import NameOID
from pyasn1.codec.der import decoder
from impacket.examples.secretsdump import KeyListSecrets
from impacket.krb5 import constants
from impacket.krb5.asn1 import AS_REP, EncASRepPart
from impacket.krb5.crypto import Key, _enctype_table
from impacket.krb5.types import KerberosTime, Principal

DRS_CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894'
DRS_RESOURCE = 'urn:ms-drs:enterpriseregistration.windows.net'
PRT_CLIENT = '38aa3b87-a06d-4817-b275-7a316988d93b'
JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer'


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))


def rsa1_blob(key):
    """BCRYPT_RSAPUBLIC_BLOB: 'RSA1', bit length, cbExp, cbMod, 0, 0, exponent, modulus (big-endian)."""
    nums = key.public_key().public_numbers()
    e = nums.e.to_bytes((nums.e.bit_length() + 7) // 8, 'big')
    n = nums.n.to_bytes((nums.n.bit_length() + 7) // 8, 'big')
    return b'RSA1' + struct.pack('<LLLLL', key.key_size, len(e), len(n), 0, 0) + e + n


def pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


class Client:
    def __init__(self, req):
        self.base = req['base'].rstrip('/')
        self.verify = req.get('cacert') or False
        self.out = {'steps': []}

    def post(self, path, **kw):
        r = requests.post(self.base + path, verify=self.verify, timeout=30, **kw)
        return r.status_code, r.json()

    def step(self, name, status, body):
        self.out['steps'].append({'step': name, 'status': status, 'error_codes': body.get('error_codes') if isinstance(body, dict) else None})
        if status != 200:
            self.out['error'] = {'step': name, 'status': status, 'body': body}
            raise StopIteration(name)

    def nonce(self):
        status, body = self.post('/common/oauth2/token', data={'grant_type': 'srv_challenge'})
        self.step('srv_challenge', status, body)
        return body['Nonce']


def derive_client_key(session_key, ctx):
    kdf = KBKDFHMAC(algorithm=hashes.SHA256(), mode=Mode.CounterMode, length=32, rlen=4, llen=4,
                    location=CounterLocation.BeforeFixed, label=b'AzureAD-SecureConversation', context=ctx, fixed=None)
    return kdf.derive(session_key)


def open_client_key(jwe, session_key):
    header_b64, _enc_key, iv, ciphertext, tag = jwe.split('.')
    header = json.loads(b64url_decode(header_b64))
    key = derive_client_key(session_key, base64.b64decode(header['ctx']))
    plain = AESGCM(key).decrypt(b64url_decode(iv), b64url_decode(ciphertext) + b64url_decode(tag), header_b64.encode())
    return header, plain


def open_tgt(tgt, session_key):
    """tgt_ad / tgt_cloud: clientKey -> AS-REP reply key -> EncASRepPart (impacket)."""
    header, reply_key = open_client_key(tgt['clientKey'], session_key)
    asrep = decoder.decode(base64.b64decode(tgt['messageBuffer']), asn1Spec=AS_REP())[0]
    etype = int(asrep['enc-part']['etype'])
    plain = _enctype_table[etype].decrypt(Key(etype, reply_key), 3, bytes(asrep['enc-part']['cipher']))
    enc = decoder.decode(plain, asn1Spec=EncASRepPart())[0]
    ticket = asrep['ticket']
    info = {
        'jweHeader': {k: v for k, v in header.items() if k != 'ctx'},
        'ctxBytes': len(base64.b64decode(header['ctx'])),
        'replyKeyBytes': len(reply_key),
        'replyEtype': etype,
        'asRepFirstByte': base64.b64decode(tgt['messageBuffer'])[0],
        'crealm': str(asrep['crealm']),
        'cname': [str(s) for s in asrep['cname']['name-string']],
        'sname': [str(s) for s in enc['sname']['name-string']],
        'srealm': str(enc['srealm']),
        'ticketKvno': int(ticket['enc-part']['kvno']),
        'ticketEtype': int(ticket['enc-part']['etype']),
        'sessionKeyType': int(enc['key']['keytype']),
        'hasStarttime': enc['starttime'].hasValue(),
        'hasRenewTill': enc['renew-till'].hasValue(),
        'lifetimeSeconds': None,
    }
    if enc['starttime'].hasValue():
        start = KerberosTime.from_asn1(enc['starttime'])
        end = KerberosTime.from_asn1(enc['endtime'])
        info['lifetimeSeconds'] = int((end - start).total_seconds())
    return info, ticket, bytes(enc['key']['keyvalue'])


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def exchange(req, ticket, session_key, sam):
    collect = Collect()
    logging.getLogger().addHandler(collect)
    secrets = KeyListSecrets(req['domain'], req['kdc'], 0, '00' * 32, None)
    user = Principal(sam, type=constants.PrincipalNameType.NT_PRINCIPAL.value)
    try:
        full = secrets.getFullTGT(user, ticket, session_key)
    except Exception as e:  # impacket raises for some KRB-ERRORs
        return {'error': str(e)}
    if full is None:
        return {'error': ' | '.join(collect.lines)}
    return {'ntHash': secrets.getKey(full, session_key)[2:]}


def run(req, c):
    out = c.out
    upn, password = req['upn'], req['password']
    # 1. A device-registration token by ROPC.
    status, tok = c.post('/common/oauth2/token', data={'grant_type': 'password', 'client_id': DRS_CLIENT, 'resource': DRS_RESOURCE, 'username': upn, 'password': password})
    c.step('ropc', status, tok)
    claims = jwt.decode(tok['access_token'], options={'verify_signature': False})
    out['drsToken'] = {'aud': claims['aud'], 'upn': claims.get('upn'), 'tid': claims.get('tid'), 'hasExp': 'exp' in claims, 'token_type': tok['token_type']}
    # 2. Register a device: the device key doubles as the transport key.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, '7E980AD9-B86D-4306-9425-9AC066FB014A')])).sign(key, hashes.SHA256())
    body = {
        'CertificateRequest': {'Type': 'pkcs10', 'Data': base64.b64encode(csr.public_bytes(serialization.Encoding.DER)).decode()},
        'TransportKey': base64.b64encode(rsa1_blob(key)).decode(),
        'TargetDomain': 'fabrikam.local', 'DeviceType': 'Windows', 'OSVersion': '10.0.19041.928',
        'DeviceDisplayName': 'WS1', 'JoinType': 0, 'attributes': {'ReuseDevice': 'true', 'ReturnClientSid': 'true'},
    }
    status, reg = c.post('/EnrollmentServer/device/?api-version=2.0', json=body, headers={'Authorization': 'Bearer ' + tok['access_token'], 'User-Agent': 'Dsreg/10.0 (Windows 10.0.19041.928)'})
    c.step('register', status, reg)
    cert = x509.load_der_x509_certificate(base64.b64decode(reg['Certificate']['RawBody']))
    out['device'] = {
        'subject': [(a.oid.dotted_string, a.value) for a in cert.subject],
        'issuer': cert.issuer.rfc4514_string(),
        'publicKeyMatches': cert.public_key().public_numbers() == key.public_key().public_numbers(),
        'deviceId': reg.get('DeviceId'),
    }
    # 3. Optionally a Windows Hello key.
    hello = None
    if req.get('hello'):
        hello = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        blob = rsa1_blob(hello)
        status, kr = c.post('/EnrollmentServer/key/?api-version=1.0', json={'kngc': base64.b64encode(blob).decode()}, headers={'Authorization': 'Bearer ' + tok['access_token'], 'User-Agent': 'Dsreg/10.0 (Windows 10.0.19044.1826)'})
        c.step('key', status, kr)
        digest = hashes.Hash(hashes.SHA256())
        digest.update(blob)
        hello_kid = base64.b64encode(digest.finalize()).decode()
        out['helloKey'] = {'kidMatches': kr.get('kid') == hello_kid}
    # 4. The PRT request.
    payload = {'client_id': PRT_CLIENT, 'request_nonce': c.nonce(), 'scope': 'openid aza ugs', 'group_sids': [], 'win_ver': '10.0.19041.868'}
    if hello is not None:
        now = int(time.time())
        assertion = jwt.encode({'iss': upn, 'aud': 'common', 'iat': now - 3600, 'exp': now + 3600, 'request_nonce': c.nonce(), 'scope': 'openid aza ugs'},
                               pem(hello), algorithm='RS256', headers={'kid': hello_kid, 'use': 'ngc'})
        payload.update({'grant_type': JWT_BEARER, 'username': upn, 'assertion': assertion})
    else:
        payload.update({'grant_type': 'password', 'username': upn, 'password': password})
    reqjwt = jwt.encode(payload, pem(key), algorithm='RS256', headers={'x5c': base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode(), 'kdf_ver': 2})
    status, prt = c.post('/common/oauth2/token', data={'windows_api_version': '2.2', 'grant_type': JWT_BEARER, 'request': reqjwt, 'client_info': '1', 'tgt': True})
    c.step('prt', status, prt)
    out['prt'] = {'fields': sorted(prt.keys()), 'token_type': prt['token_type'], 'kerberos_top_level_names': prt.get('kerberos_top_level_names')}
    jwe_header = json.loads(b64url_decode(prt['session_key_jwe'].split('.')[0]))
    session_key = key.decrypt(b64url_decode(prt['session_key_jwe'].split('.')[1]), padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))
    out['sessionKey'] = {'bytes': len(session_key), 'jweHeader': jwe_header}
    idt = jwt.decode(prt['id_token'], options={'verify_signature': False})
    out['idToken'] = {'upn': idt.get('upn'), 'deviceid': idt.get('deviceid'), 'tid': idt.get('tid')}
    for name in ('tgt_ad', 'tgt_cloud'):
        if name not in prt:
            continue
        tgt = json.loads(prt[name])
        entry = {k: tgt.get(k) for k in ('keyType', 'realm', 'sn', 'cn', 'sessionKeyType', 'accountType', 'error')}
        if tgt['keyType'] != 0:
            info, ticket, tkt_session = open_tgt(tgt, session_key)
            entry['opened'] = info
            if name == 'tgt_ad' and req.get('exchange'):
                entry['exchange'] = exchange(req, ticket, tkt_session, info['cname'][0])
        out[name] = entry
    return out


def main():
    req = json.load(sys.stdin)
    c = Client(req)
    try:
        run(req, c)
    except StopIteration:
        pass  # c.out['error'] names the step and carries the endpoint's error JSON
    json.dump(c.out, sys.stdout)


if __name__ == '__main__':
    main()
