#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Host test of tessera-fabric: fake VM ports (plain Unix datagram sockets)
# check forwarding, flooding, MAC learning, loss/dup/reorder rates for a
# seed, added latency, the pcap file, the counters and clean shutdown.
#
#   fabric_test.py path/to/tessera-fabric path/to/roce-pcap-check
#
# Prints one line per case and "fabric: N passed, N failed"; exit status 1
# on any failure.

import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

FABRIC = None
PCAP_CHECK = None
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tests', 'host', 'roce'))
import gen_vectors  # noqa: E402  (independent RoCE frame builder)
ETH_TEST = 0x88b5          # IEEE local experimental EtherType
BCAST = b'\xff' * 6


def mac(n):
    return bytes([0x02, 0, 0, 0, 0, n])


def frame(dst, src, seq, stamp=0.0, size=60):
    """An Ethernet frame carrying a sequence number and a send time."""
    body = struct.pack('!Id', seq, stamp)
    f = dst + src + struct.pack('!H', ETH_TEST) + body
    return f + b'\0' * max(0, size - len(f))


def seq_of(f):
    return struct.unpack('!I', f[14:18])[0]


class Fabric:
    def __init__(self, workdir, nports, *args):
        self.dir = workdir
        self.stats = os.path.join(workdir, 'stats')
        self.stderr_path = os.path.join(workdir, 'fabric.err')
        cmd = [FABRIC, '--ports', str(nports), '--dir', workdir,
               '--stats', self.stats] + list(args)
        self.err = open(self.stderr_path, 'w')
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                     stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        assert 'ready' in line, 'fabric did not start: %r' % line
        self.paths = [os.path.join(workdir, 'port%d.sock' % i)
                      for i in range(nports)]

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        rc = self.proc.wait(timeout=10)
        self.err.close()
        return rc

    def counters(self):
        """Per-port counters from the --stats file: {port: {name: int}}."""
        ports = {}
        with open(self.stats) as fp:
            for line in fp:
                w = line.split()
                if len(w) > 2 and w[1] == 'port':
                    kv = dict(x.split('=') for x in w[4:])
                    ports[int(w[2])] = {k: int(v) for k, v in kv.items()}
                elif len(w) > 1 and w[1] == 'total':
                    kv = dict(x.split('=') for x in w[2:])
                    ports['total'] = {k: int(v) for k, v in kv.items()}
        return ports


class Port:
    """A fake VM: its own socket, talking to one fabric port."""

    def __init__(self, workdir, name, fabric_path):
        self.path = os.path.join(workdir, name + '.sock')
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.s.bind(self.path)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
        self.fabric = fabric_path

    def send(self, f):
        self.s.sendto(f, self.fabric)

    def recv_all(self, idle=0.3, limit=100000):
        out = []
        self.s.settimeout(idle)
        try:
            while len(out) < limit:
                out.append(self.s.recv(70000))
        except socket.timeout:
            pass
        return out

    def close(self):
        self.s.close()
        os.unlink(self.path)


def setup(workdir, nports, *args):
    fab = Fabric(workdir, nports, *args)
    ports = [Port(workdir, 'vm%d' % i, fab.paths[i]) for i in range(nports)]
    # Each VM speaks once (a broadcast) so the fabric learns its socket
    # and its MAC, as a booting guest does.
    for i, p in enumerate(ports):
        p.send(frame(BCAST, mac(i + 1), 0xffff0000 + i))
    time.sleep(0.05)
    for p in ports:
        p.recv_all(idle=0.1)
    return fab, ports


def teardown(fab, ports):
    for p in ports:
        p.close()
    if fab.proc.poll() is None:
        rc = fab.stop()
        assert rc == 0, 'fabric exit status %d' % rc
    with open(fab.stderr_path) as fp:
        err = fp.read()
    assert 'Sanitizer' not in err and 'runtime error' not in err, err


def blast(src, n, dst_mac, src_mac):
    for i in range(n):
        src.send(frame(dst_mac, src_mac, i))


def t_flood_and_learn(w):
    fab, (a, b, c) = setup(w, 3)
    try:
        # Broadcast reaches every other port, never the sender.
        a.send(frame(BCAST, mac(1), 1))
        assert len(b.recv_all()) == 1 and len(c.recv_all()) == 1
        assert a.recv_all(idle=0.1) == []
        # b's MAC was learnt from its first frame: unicast goes only to b.
        a.send(frame(mac(2), mac(1), 2))
        got = b.recv_all()
        assert len(got) == 1 and seq_of(got[0]) == 2, got
        assert c.recv_all(idle=0.2) == [], 'unicast leaked to port 2'
        # Unknown destination: flooded.
        a.send(frame(mac(9), mac(1), 3))
        assert len(b.recv_all()) == 1 and len(c.recv_all()) == 1
        # A MAC that moves to another port is relearnt there.
        c.send(frame(BCAST, mac(2), 4))
        a.recv_all()
        b.recv_all()
        a.send(frame(mac(2), mac(1), 5))
        assert len(c.recv_all()) == 1 and b.recv_all(idle=0.2) == []
        # A runt (shorter than an Ethernet header) is counted and dropped.
        a.send(b'\x01\x02\x03')
        time.sleep(0.1)
    finally:
        teardown(fab, [a, b, c])
    k = fab.counters()
    assert k[0]['dropped'] == 1, k[0]
    assert k[0]['rx'] == 5, k[0]            # hello + 4 frames (runt not rx)
    assert k[1]['tx'] >= 4, k[1]


def received_seqs(w, seed, n, *args):
    fab, (a, b) = setup(w, 2, '--seed', str(seed), *args)
    try:
        blast(a, n, mac(2), mac(1))
        got = b.recv_all(idle=0.5)
    finally:
        teardown(fab, [a, b])
    return [seq_of(f) for f in got], fab.counters()


def t_loss_rate_reproducible(w):
    n = 3000
    s1, k = received_seqs(w, 7, n, '--loss', '10')
    assert 2700 - 150 <= len(s1) <= 2700 + 150, len(s1)
    # (the hello flooded from port 0 may have been lost too)
    assert k[1]['lost'] - (n - len(s1)) in (0, 1), (k[1], len(s1))
    s2, _ = received_seqs(w, 7, n, '--loss', '10')
    assert s1 == s2, 'same seed, different losses'
    s3, _ = received_seqs(w, 8, n, '--loss', '10')
    assert s1 != s3, 'different seeds, same losses'
    assert s1 == sorted(s1), 'loss alone reordered frames'


def t_dup_rate(w):
    n = 3000
    seqs, k = received_seqs(w, 3, n, '--dup', '10')
    extra = len(seqs) - n
    assert 300 - 120 <= extra <= 300 + 120, extra
    assert set(seqs) == set(range(n)), 'dup lost frames'
    assert k[1]['duplicated'] - extra in (0, 1), (k[1], extra)


def t_reorder(w):
    n = 3000
    seqs, k = received_seqs(w, 5, n, '--reorder', '10', '--reorder-us', '3000')
    assert sorted(seqs) == list(range(n)), 'reorder lost or duplicated'
    inversions = sum(1 for x, y in zip(seqs, seqs[1:]) if y < x)
    assert inversions > 0, 'nothing was reordered'
    assert 300 - 120 <= k[1]['reordered'] <= 300 + 120, k[1]


def t_latency(w):
    fab, (a, b) = setup(w, 2, '--latency-us', '30000')
    try:
        delays = []
        for i in range(5):
            t0 = time.monotonic()
            a.send(frame(mac(2), mac(1), i))
            got = b.recv_all(idle=1.0, limit=1)
            assert got, 'frame not delivered'
            delays.append(time.monotonic() - t0)
    finally:
        teardown(fab, [a, b])
    assert min(delays) >= 0.030, delays
    assert max(delays) < 0.5, delays


def read_pcap(path):
    with open(path, 'rb') as fp:
        data = fp.read()
    magic, vmaj, vmin, _, _, snap, link = struct.unpack('<IHHiIII', data[:24])
    assert magic == 0xa1b2c3d4, hex(magic)
    assert (vmaj, vmin, link) == (2, 4, 1), (vmaj, vmin, link)
    recs, off = [], 24
    while off < len(data):
        sec, usec, incl, orig = struct.unpack('<IIII', data[off:off + 16])
        assert incl == orig and usec < 1000000
        recs.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    assert off == len(data), 'truncated record'
    return recs


def t_pcap(w):
    pcap = os.path.join(w, 'x.pcap')
    fab, (a, b) = setup(w, 2, '--pcap', pcap)
    sent = [frame(mac(2), mac(1), i, size=60 + i) for i in range(20)]
    try:
        for f in sent:
            a.send(f)
        assert len(b.recv_all()) == 20
    finally:
        teardown(fab, [a, b])
    recs = read_pcap(pcap)
    k = fab.counters()
    assert len(recs) == k['total']['rx'] == k['total']['pcap_records'], \
        (len(recs), k['total'])
    assert recs[-20:] == sent, 'pcap does not hold the frames sent'
    tshark = shutil.which('tshark')
    if tshark:
        r = subprocess.run([tshark, '-r', pcap], capture_output=True,
                           text=True, timeout=60)
        assert r.returncode == 0 and len(r.stdout.splitlines()) == len(recs), \
            r.stderr
    else:
        print('    (tshark not installed: pcap checked by this reader only)')


def t_pcap_egress(w):
    pcap = os.path.join(w, 'y.pcap')
    fab, (a, b) = setup(w, 2, '--pcap', pcap, '--pcap-egress', '--dup', '50')
    try:
        blast(a, 100, mac(2), mac(1))
        got = b.recv_all()
    finally:
        teardown(fab, [a, b])
    recs = read_pcap(pcap)
    assert len(recs) == fab.counters()['total']['tx'], len(recs)
    assert recs[-len(got):] == got


def t_fixed_peer(w):
    """SOCKET=PEER: frames reach a VM that has not sent anything yet."""
    fab_path = os.path.join(w, 'fixed.sock')
    b_path = os.path.join(w, 'peer-b.sock')
    b = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    b.bind(b_path)
    err = open(os.path.join(w, 'fixed.err'), 'w')
    a_fab = os.path.join(w, 'learn.sock')
    proc = subprocess.Popen([FABRIC, '--quiet', a_fab, fab_path + '=' + b_path],
                            stdout=subprocess.PIPE, stderr=err, text=True)
    try:
        assert 'ready' in proc.stdout.readline()
        a = Port(w, 'peer-a', a_fab)
        a.send(frame(BCAST, mac(1), 77))
        b.settimeout(1.0)
        assert seq_of(b.recv(100)) == 77
        a.close()
    finally:
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=10)
        err.close()
        b.close()
    assert rc == 0, rc
    assert not os.path.exists(fab_path) and not os.path.exists(a_fab)


def t_shutdown_and_counters(w):
    fab, (a, b) = setup(w, 2)
    blast(a, 10, mac(2), mac(1))
    b.recv_all()
    os.kill(fab.proc.pid, signal.SIGUSR1)      # stats without exiting
    time.sleep(0.2)
    assert fab.proc.poll() is None
    k = fab.counters()
    # Port 0's hello may be switched before port 1's VM has spoken: then
    # there is nowhere to send it and it counts as dropped.
    assert k[0]['rx'] == 11 and k[1]['tx'] + k[1]['dropped'] == 11, k
    assert k[1]['tx'] >= 10, k[1]
    assert k[0]['rx_bytes'] == 11 * 60, k[0]
    rc = fab.stop(signal.SIGINT)
    assert rc == 0, rc
    for p in fab.paths:
        assert not os.path.exists(p), p + ' left behind'
    with open(fab.stderr_path) as fp:
        assert 'fabric: port 1' in fp.read(), 'no counters on exit'
    teardown(fab, [a, b])


def t_stale_socket_and_bad_args(w):
    # A socket file left by a killed fabric is reused; a live one is not.
    fab = Fabric(w, 1)
    rc = subprocess.run([FABRIC, '--quiet', fab.paths[0]],
                        capture_output=True, text=True, timeout=10)
    assert rc.returncode != 0 and 'in use' in rc.stderr, rc.stderr
    fab.proc.kill()
    fab.proc.wait()
    fab.err.close()
    assert os.path.exists(fab.paths[0])
    fab = Fabric(w, 1)
    assert fab.stop() == 0
    for bad in (['--loss', '101'], ['--ports', 'x'], ['--dup', '-1'], []):
        r = subprocess.run([FABRIC] + bad, capture_output=True, timeout=10)
        assert r.returncode == 2, (bad, r.returncode)


def roce_frames(n):
    """n RoCE v2 SEND_ONLY frames from 02:..:01 to 02:..:02, PSN 0..n-1."""
    out = []
    for i in range(n):
        f, _ = gen_vectors.frame(mac(2), mac(1), [10, 0, 0, 1],
                                 [10, 0, 0, 2], 0, 64, i, 0xc001, 0x04, 0,
                                 0xffff, 0x11, True, i, b'',
                                 bytes([i & 0xff]) * (i % 50))
        out.append(f)
    return out


def pcap_check(path, *args):
    r = subprocess.run([PCAP_CHECK] + list(args) + [path],
                       capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def t_roce_pcap(w):
    """RoCE frames through the fabric: the capture checks clean."""
    pcap = os.path.join(w, 'roce.pcap')
    fab, (a, b) = setup(w, 2, '--pcap', pcap, '--dup', '5', '--reorder', '5')
    frames = roce_frames(200)
    try:
        for f in frames:
            a.send(f)
        got = b.recv_all()
    finally:
        teardown(fab, [a, b])
    assert set(got) == set(frames), 'RoCE frames changed in transit'
    rc, out = pcap_check(pcap, '--min-roce', '200')
    assert rc == 0, out
    assert '200 roce, 0 bad, 2 other' in out, out
    # A corrupted frame in the capture is caught.
    bad = bytearray(frames[7])
    bad[-6] ^= 0x01
    pcap2 = os.path.join(w, 'bad.pcap')
    fab, (a, b) = setup(w, 2, '--pcap', pcap2)
    try:
        a.send(frames[0])
        a.send(bytes(bad))
        b.recv_all()
    finally:
        teardown(fab, [a, b])
    rc, out = pcap_check(pcap2)
    assert rc == 1 and 'drop bad_icrc: 1' in out, out
    rc, out = pcap_check(pcap2, '--min-roce', '3')
    assert rc == 1, out


CASES = [t_flood_and_learn, t_loss_rate_reproducible, t_dup_rate, t_reorder,
         t_latency, t_pcap, t_pcap_egress, t_fixed_peer,
         t_shutdown_and_counters, t_stale_socket_and_bad_args, t_roce_pcap]


def main():
    global FABRIC, PCAP_CHECK
    if len(sys.argv) != 3:
        print('usage: fabric_test.py tessera-fabric roce-pcap-check',
              file=sys.stderr)
        return 2
    FABRIC = os.path.abspath(sys.argv[1])
    PCAP_CHECK = os.path.abspath(sys.argv[2])
    passed = failed = 0
    for case in CASES:
        w = tempfile.mkdtemp(prefix='fabric-test-')
        try:
            case(w)
            print('    ok %s' % case.__name__)
            passed += 1
        except Exception as e:          # AssertionError, timeouts, OSError
            print('    not ok %s: %s: %s' % (case.__name__,
                                            type(e).__name__, e))
            failed += 1
        finally:
            shutil.rmtree(w, ignore_errors=True)
    print('fabric: %d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
