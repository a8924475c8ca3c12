#!/usr/bin/python3
"""Oracle for test/interop/crypto-impacket.test.ts: impacket.krb5.crypto (Debian python3-impacket).

Reads a JSON request on stdin, answers JSON on stdout:
  keys:      [{etype, password, saltHex, paramsHex|null}]          -> string_to_key result
  encrypt:   [{etype, keyHex, usage, plaintextHex, confounderHex}]  -> impacket ciphertext
  decrypt:   [{etype, keyHex, usage, ciphertextHex}]                -> plaintext or {"error": ...}
  checksum:  [{cksumtype, etype, keyHex, usage, dataHex}]           -> impacket checksum
  md4:       [hex], rc4: [{keyHex, dataHex}]                        -> pycryptodome MD4 / ARC4
"""
import json
import sys

from Cryptodome.Cipher import ARC4
from Cryptodome.Hash import MD4
from impacket.krb5 import crypto


def key(etype, hexkey):
    return crypto.Key(etype, bytes.fromhex(hexkey))


def s2k(k):
    salt = bytes.fromhex(k['saltHex'])
    params = bytes.fromhex(k['paramsHex']) if k.get('paramsHex') else None
    pw = k['password'] if k['etype'] == 23 else k['password'].encode('utf-8')
    return crypto.string_to_key(k['etype'], pw, salt, params).contents.hex()


def dec(d):
    try:
        return {'plaintextHex': crypto._enctype_table[d['etype']].decrypt(key(d['etype'], d['keyHex']), d['usage'], bytes.fromhex(d['ciphertextHex'])).hex()}
    except Exception as e:  # noqa: BLE001 - the oracle reports any refusal
        return {'error': type(e).__name__}


req = json.load(sys.stdin)
out = {
    'keys': [s2k(k) for k in req.get('keys', [])],
    'encrypt': [
        crypto._enctype_table[e['etype']].encrypt(key(e['etype'], e['keyHex']), e['usage'], bytes.fromhex(e['plaintextHex']), bytes.fromhex(e['confounderHex'])).hex()
        for e in req.get('encrypt', [])
    ],
    'decrypt': [dec(d) for d in req.get('decrypt', [])],
    'checksum': [
        crypto.make_checksum(c['cksumtype'], key(c['etype'], c['keyHex']), c['usage'], bytes.fromhex(c['dataHex'])).hex()
        for c in req.get('checksum', [])
    ],
    'md4': [MD4.new(bytes.fromhex(m)).hexdigest() for m in req.get('md4', [])],
    'rc4': [ARC4.new(bytes.fromhex(r['keyHex'])).encrypt(bytes.fromhex(r['dataHex'])).hex() for r in req.get('rc4', [])],
}
json.dump(out, sys.stdout)
