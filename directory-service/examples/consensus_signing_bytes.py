#!/usr/bin/env python3
"""Rebuilds consensus-signing-bytes from the JSON of GET /consensus (stdin) and writes them to
stdout, so that any Ed25519 tool can check the signature, e.g. openssl (see the README):

    curl -s localhost:7000/consensus | python3 examples/consensus_signing_bytes.py > signed.bin

Standard library only: the encoding is the one documented in directory.proto and the README.
"""
import base64
import json
import struct
import sys

FLAG_BITS = {"Guard": 0x01, "Exit": 0x02}


def text(value):
    data = value.encode("utf-8")
    return struct.pack(">H", len(data)) + data


def key(value):
    data = base64.b64decode(value, validate=True)
    if len(data) != 32:
        raise ValueError("key of %d bytes" % len(data))
    return data


def relay_entry(relay):
    flags = 0
    for name in relay["flags"]:
        flags |= FLAG_BITS[name]
    out = text(relay["nickname"]) + text(relay["address"]) + struct.pack(">H", relay["linkPort"])
    out += key(relay["identityKey"]) + key(relay["onionKey"]) + struct.pack(">BH", flags, len(relay["exitPolicy"]))
    for rule in relay["exitPolicy"]:
        out += text(rule)
    return out + struct.pack(">Q", relay["publishedUnixMs"])


def consensus_signing_bytes(doc):
    out = text("onionlab-consensus-v1")
    out += struct.pack(">QQQI", doc["version"], doc["validAfterUnixMs"], doc["freshUntilUnixMs"], len(doc["relays"]))
    for relay in doc["relays"]:
        out += relay_entry(relay)
    return out


if __name__ == "__main__":
    sys.stdout.buffer.write(consensus_signing_bytes(json.load(sys.stdin)))
