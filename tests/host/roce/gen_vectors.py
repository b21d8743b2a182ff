#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Independent RoCE v2 frame builder (struct + zlib only, no Tessera code):
# prints the known-answer frames pasted into roce_wire_host_test.c, and is
# imported by tools/fabric/fabric_test.py to make RoCE traffic.
#
# ICRC: zlib.crc32 over 8 x 0xFF + the IPv4 packet up to the ICRC with IPv4
# TOS, TTL, header checksum, the UDP checksum and BTH byte 4 set to 0xFF;
# stored least significant byte first.

import struct
import zlib


def ip_csum(hdr):
    s = sum(struct.unpack('!%dH' % (len(hdr) // 2), hdr))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def icrc(ip_pkt):
    """ICRC of an IPv4 RoCE v2 packet given without its ICRC field."""
    m = bytearray(ip_pkt)
    for off in (1, 8, 10, 11, 26, 27, 32):
        m[off] = 0xff
    return zlib.crc32(b'\xff' * 8 + bytes(m))


def frame(dmac, smac, src, dst, tos, ttl, ipid, sport, opcode, b1, pkey,
          dqpn, ackreq, psn, ext, payload):
    """One Ethernet/IPv4/UDP/BTH frame; b1 holds SE/M (pad is added)."""
    pad = -len(payload) & 3
    bth = struct.pack('!BBHBBHBBH', opcode, b1 | pad << 4, pkey, 0,
                      dqpn >> 16, dqpn & 0xffff, 0x80 if ackreq else 0,
                      psn >> 16, psn & 0xffff)
    body = bth + ext + payload + b'\0' * pad
    udplen = 8 + len(body) + 4
    udp = struct.pack('!HHHH', sport, 4791, udplen, 0)
    ip = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, tos, 20 + udplen,
                               ipid, 0x4000, ttl, 17, 0, bytes(src),
                               bytes(dst)))
    ip[10:12] = struct.pack('!H', ip_csum(bytes(ip)))
    pkt = bytes(ip) + udp + body
    c = icrc(pkt)
    eth = bytes(dmac) + bytes(smac) + b'\x08\x00'
    return eth + pkt + struct.pack('<I', c), c


def dump(name, f, c):
    print('/* %s: %d bytes, ICRC 0x%08x */' % (name, len(f), c))
    for i in range(0, len(f), 12):
        print('\t' + ' '.join('0x%02x,' % b for b in f[i:i + 12]))


def main():
    a = [2, 0, 0, 0, 0, 1]
    b = [2, 0, 0, 0, 0, 2]
    f, c = frame(b, a, [10, 0, 0, 1], [10, 0, 0, 2], 26 << 2 | 2, 64,
                 0x1234, 0xc123, 0x04, 0, 0xffff, 0x000011, True, 0x123456,
                 b'', b'hello')
    dump('SEND_ONLY "hello"', f, c)
    reth = struct.pack('!QII', 0x00007f0012345678, 0xabcdef01, 8)
    f, c = frame(a, b, [10, 0, 0, 2], [10, 0, 0, 1], 0, 255, 0x0001, 0xfedc,
                 0x0b, 0x80, 0x8001, 0xabcdef, False, 0xffffff,
                 reth + struct.pack('!I', 0xdeadbeef), bytes(range(8)))
    dump('RDMA_WRITE_ONLY_WITH_IMMEDIATE', f, c)
    aeth = struct.pack('!I', (0x60 | 2) << 24 | 0x000102)
    f, c = frame(a, b, [10, 0, 0, 2], [10, 0, 0, 1], 0, 64, 0, 0xc000, 0x11,
                 0, 0xffff, 0x000011, False, 0x000000, aeth, b'')
    dump('ACKNOWLEDGE NAK remote access, MSN 0x102', f, c)


if __name__ == '__main__':
    main()
