#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The sealed blobs kunit/seal_test.c opens, made by another implementation
# than the kernel's: Python's cryptography package (ChaCha20-Poly1305 of
# RFC 8439, AES-GCM), with HChaCha20 written out here as
# draft-irtf-cfrg-xchacha-03 section 2.2 gives it and checked against its
# A.3.1 vector first.  Prints the vectors as seal_test.c holds them.
#
# The records are the codec's encoding of a Kerberos initiator: flags
# 0x1e, from 2026-01-01 00:00 UTC, never expiring, client
# alice@EXAMPLE.COM, aes128-cts-hmac-sha1-96 with the key 00 01 .. 0f,
# sequence numbers 0x1234 out and 0x5678 in.
import struct

from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305

RECORDS = bytes.fromhex(
    "0180010000028004001e0000000380100000b9556900000000ffffffffffffff"
    "7f04001100616c696365404558414d504c452e434f4d08804800018004001100"
    "0000028004000000000003801000000102030405060708090a0b0c0d0e0f0580"
    "2000341200000000000034120000000000007856000000000000785600000000"
    "0000")
KEY = bytes(range(0x80, 0xa0))
NONCE = bytes(range(0x40, 0x58))


def rotl(v, c):
    return ((v << c) & 0xffffffff) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xffffffff
    s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xffffffff
    s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xffffffff
    s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xffffffff
    s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, nonce16):
    s = list(struct.unpack('<4I', b'expand 32-byte k') +
             struct.unpack('<8I', key) + struct.unpack('<4I', nonce16))
    for _ in range(10):
        quarter(s, 0, 4, 8, 12)
        quarter(s, 1, 5, 9, 13)
        quarter(s, 2, 6, 10, 14)
        quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15)
        quarter(s, 1, 6, 11, 12)
        quarter(s, 2, 7, 8, 13)
        quarter(s, 3, 4, 9, 14)
    return struct.pack('<8I', *(s[0:4] + s[12:16]))


def xchacha20poly1305(key, nonce, plain, ad):
    subkey = hchacha20(key, nonce[:16])
    return ChaCha20Poly1305(subkey).encrypt(b'\0' * 4 + nonce[16:], plain, ad)


def header(version, length, nonce):
    return (b'KSDC' + bytes([version, 0x01]) + b'\0\0' +
            struct.pack('<I', length) + b'Kerberos'.ljust(16, b'\0') +
            b'kat'.ljust(16, b'\0') + nonce)


def c_field(name, data):
    print('\t.%s =\n\t\t"%s",' % (name, data.hex()))


def main():
    plain = (b"Ladies and Gentlemen of the class of '99: If I could offer "
             b"you only one tip for the future, sunscreen would be it.")
    out = xchacha20poly1305(bytes(range(0x80, 0xa0)),
                            bytes(range(0x40, 0x58)), plain,
                            bytes.fromhex('50515253c0c1c2c3c4c5c6c7'))
    assert out[:16].hex() == 'bd6d179d3e83d43b9576579493c0e939'
    assert out[-16:].hex() == 'c0875924c1c7987947deafd8780acf49'

    # version 2: 68-byte header, 24-byte nonce, XChaCha20-Poly1305
    print('static const struct seal_vectors kat = {')
    hdr = header(2, 68 + len(RECORDS) + 16, NONCE)
    c_field('records', RECORDS)
    c_field('sealed_v2', hdr + xchacha20poly1305(KEY, NONCE, RECORDS, hdr))
    # version 1: 56-byte header, 12-byte nonce, AES-256-GCM
    hdr = header(1, 56 + len(RECORDS) + 16, NONCE[:12])
    c_field('sealed_v1', hdr + AESGCM(KEY).encrypt(NONCE[:12], RECORDS, hdr))
    print('};')


main()
