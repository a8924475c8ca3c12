#!/usr/bin/python3
"""Regenerates encrypt.json and integrity-negative.json with impacket's krb5.crypto (Debian python3-impacket).

Run: /usr/bin/python3 test/vectors/impacket/generate.py   (from the repository root)
The inputs are fixed below, so the output is deterministic; impacket is the second implementation
our RFC 3961/3962/4757 code is checked against.
"""
import json
import os
import impacket
from impacket.krb5 import crypto

HERE = os.path.dirname(os.path.abspath(__file__))
import impacket.version
SOURCE = f'generated with impacket {impacket.version.version} krb5.crypto by test/vectors/impacket/generate.py'

CASES = [
    # etype, password, salt, usage, plaintext (hex), confounder (hex)
    (17, 'Pa55w.rd!', 'CONTOSO.LOCALalice', 3, '', '00112233445566778899aabbccddeeff'),
    (17, 'Pa55w.rd!', 'CONTOSO.LOCALalice', 1, '3011a00f180d32303234303130313030303030305a', 'a0a1a2a3a4a5a6a7a8a9aaabacadaeaf'),
    (17, 'Pa55w.rd!', 'CONTOSO.LOCALalice', 11, '41' * 16, '0f0e0d0c0b0a09080706050403020100'),
    (18, 'Pa55w.rd!', 'CONTOSO.LOCALhostws01.contoso.local', 2, '42' * 17, 'ffeeddccbbaa99887766554433221100'),
    (18, 'Pa55w.rd!', 'CONTOSO.LOCALkrbtgt', 8, ''.join(f'{i:02x}' for i in range(100)), '1111111111111111aaaaaaaaaaaaaaaa'),
    (18, 'Pa55w.rd!', 'CONTOSO.LOCALkrbtgt', 14, '61', '5555555555555555aaaaaaaaaaaaaaaa'),
    (23, 'Pa55w.rd!', '', 1, '3011a00f180d32303234303130313030303030305a', '0102030405060708'),
    (23, 'Pa55w.rd!', '', 3, ''.join(f'{i:02x}' for i in range(40)), '8877665544332211'),
    (23, 'Pa55w.rd!', '', 9, '00', 'deadbeefcafebabe'),
    (23, 'Pa55w.rd!', '', 2, '', '0000000000000000'),
]

CHECKSUMS = [
    # cksumtype, etype, password, salt, usage, data (hex)
    (15, 17, 'Pa55w.rd!', 'CONTOSO.LOCALalice', 17, '00' * 20),
    (16, 18, 'Pa55w.rd!', 'CONTOSO.LOCALkrbtgt', 17, ''.join(f'{i:02x}' for i in range(64))),
    (16, 18, 'Pa55w.rd!', 'CONTOSO.LOCALkrbtgt', 6, ''),
    (-138, 23, 'Pa55w.rd!', '', 17, ''.join(f'{i:02x}' for i in range(64))),
    (-138, 23, 'Pa55w.rd!', '', 3, '6869'),
]


def main():
    enc = []
    for etype, pw, salt, usage, pt, conf in CASES:
        key = crypto.string_to_key(etype, pw, salt)
        ct = crypto._enctype_table[etype].encrypt(key, usage, bytes.fromhex(pt), bytes.fromhex(conf))
        enc.append({
            'title': f'etype {etype} usage {usage} plaintext {len(pt) // 2} bytes',
            'input': {'etype': etype, 'password': pw, 'salt': salt, 'usage': usage, 'plaintextHex': pt, 'confounderHex': conf},
            'expected': {'keyHex': key.contents.hex(), 'ciphertextHex': ct.hex()},
            'valid': True,
        })
    sums = []
    for ck, etype, pw, salt, usage, data in CHECKSUMS:
        key = crypto.string_to_key(etype, pw, salt)
        mac = crypto.make_checksum(ck, key, usage, bytes.fromhex(data))
        sums.append({
            'title': f'cksumtype {ck} usage {usage} data {len(data) // 2} bytes',
            'input': {'cksumtype': ck, 'etype': etype, 'keyHex': key.contents.hex(), 'usage': usage, 'dataHex': data},
            'expected': {'checksumHex': mac.hex()},
            'valid': True,
        })
    with open(os.path.join(HERE, 'encrypt.json'), 'w') as f:
        json.dump({'title': 'Kerberos encrypt/checksum known answers (aes128, aes256, rc4-hmac)', 'source': SOURCE,
                   'encrypt': enc, 'checksum': sums}, f, indent=2)
        f.write('\n')

    neg = []
    for v in enc:
        etype, usage = v['input']['etype'], v['input']['usage']
        key, ct = v['expected']['keyHex'], bytes.fromhex(v['expected']['ciphertextHex'])
        wrong = crypto.string_to_key(etype, 'wrong password', v['input']['salt']).contents.hex()
        mac_len = 12 if etype in (17, 18) else 16
        body_at = 0 if etype in (17, 18) else 16  # rc4: checksum first, then the RC4 body
        mac_at = len(ct) - 12 if etype in (17, 18) else 0
        cases = [
            ('body bit flipped', key, usage, bytes([b ^ (0x01 if i == body_at + 3 else 0) for i, b in enumerate(ct)])),
            ('integrity tag bit flipped', key, usage, bytes([b ^ (0x80 if i == mac_at else 0) for i, b in enumerate(ct)])),
            ('wrong key', wrong, usage, ct),
            ('wrong key usage', key, usage + 1, ct),
            ('last byte dropped', key, usage, ct[:-1]),
            ('truncated below confounder + tag', key, usage, ct[: (16 + 12 - 1) if etype in (17, 18) else (16 + 8 - 1)]),
            ('empty', key, usage, b''),
        ]
        if len(ct) - mac_len > 16 and etype in (17, 18):
            cases.append(('one byte appended', key, usage, ct + b'\x00'))
        for name, k, u, c in cases:
            try:
                crypto._enctype_table[etype].decrypt(crypto.Key(etype, bytes.fromhex(k)), u, c)
                raise SystemExit(f'impacket accepted negative case {name} for {v["title"]}')
            except (crypto.InvalidChecksum, ValueError):
                pass
            neg.append({
                'title': f'{v["title"]}: {name}',
                'input': {'etype': etype, 'keyHex': k, 'usage': u, 'ciphertextHex': c.hex()},
                'expected': {'error': 'KRB_AP_ERR_BAD_INTEGRITY', 'wire': 31},
                'valid': False,
            })
    with open(os.path.join(HERE, 'integrity-negative.json'), 'w') as f:
        json.dump({'title': 'Ciphertexts that must fail the integrity check', 'source': SOURCE + '; each impacket ciphertext from encrypt.json altered as the title says (impacket rejects every one too)',
                   'vectors': neg}, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
