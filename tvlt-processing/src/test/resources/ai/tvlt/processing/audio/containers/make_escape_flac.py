"""Writes a 16-bit mono 16 kHz FLAC file whose residual partitions are partly escape-coded (RFC 9639: Rice
parameter 0b1111 then a 5-bit raw sample size), as few encoders write them: silent partitions with 0 raw bits,
noisy ones with raw 16-bit residuals, the others Rice-coded. One frame of 4096 samples per block, FIXED order 2."""
import math, random, struct, sys

RATE, BLOCK, BITS = 16000, 4096, 16

class Bits:
    def __init__(self): self.out, self.acc, self.n = bytearray(), 0, 0
    def put(self, v, n):
        for i in range(n - 1, -1, -1):
            self.acc = (self.acc << 1) | ((v >> i) & 1); self.n += 1
            if self.n == 8: self.out.append(self.acc); self.acc, self.n = 0, 0
    def signed(self, v, n): self.put(v & ((1 << n) - 1), n)
    def align(self):
        while self.n: self.put(0, 1)

def crc8(b):
    c = 0
    for x in b:
        c ^= x
        for _ in range(8): c = ((c << 1) ^ 0x07) & 0xFF if c & 0x80 else (c << 1) & 0xFF
    return c

def crc16(b):
    c = 0
    for x in b:
        c ^= x << 8
        for _ in range(8): c = ((c << 1) ^ 0x8005) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
    return c

def utf8(n):
    if n < 0x80: return bytes([n])
    if n < 0x800: return bytes([0xC0 | n >> 6, 0x80 | n & 0x3F])
    return bytes([0xE0 | n >> 12, 0x80 | (n >> 6) & 0x3F, 0x80 | n & 0x3F])

def frame(index, s):
    h = Bits()
    full = len(s) == BLOCK
    h.put(0x7FFC, 15); h.put(0, 1); h.put(12 if full else 7, 4)  # 256 * 2^4 = 4096, or a 16-bit size below
    h.put(5, 4); h.put(0, 4); h.put(4, 3); h.put(0, 1)  # 16 kHz, mono, 16 bits
    head = bytes(h.out) + utf8(index) + (b'' if full else struct.pack('>H', len(s) - 1))
    head += bytes([crc8(head)])
    b = Bits()
    b.out.extend(head)
    b.put(0, 1); b.put(8 + 2, 6); b.put(0, 1)  # FIXED order 2, no wasted bits
    b.signed(s[0], BITS); b.signed(s[1], BITS)
    res = [s[i] - 2 * s[i - 1] + s[i - 2] for i in range(2, len(s))]
    order = 3 if len(s) % 8 == 0 else 0
    b.put(0, 2); b.put(order, 4)  # 4-bit Rice parameters, 8 partitions of 512 (one in a short last block)
    per = len(s) >> order
    i = 0
    for p in range(1 << order):
        part = res[i:(p + 1) * per - 2]
        i = (p + 1) * per - 2
        peak = max((abs(r) for r in part), default=0)
        if peak == 0 or peak > 2000:
            raw = 0 if peak == 0 else max(r.bit_length() for r in part) + 1
            b.put(15, 4); b.put(raw, 5)
            for r in part: b.signed(r, raw) if raw else None
        else:
            k = max(0, int(math.log2(sum(abs(r) for r in part) / len(part) + 1)))
            b.put(k, 4)
            for r in part:
                u = (r << 1) ^ (r >> 63)
                q = u >> k
                b.put(0, q); b.put(1, 1); b.put(u & ((1 << k) - 1), k)
    b.align()
    body = bytes(b.out)
    return body + struct.pack('>H', crc16(body))

def main(path):
    rnd = random.Random(7)
    n = RATE  # 1 s
    s = []
    for i in range(n):
        part = (i % 512) // 1  # position inside a partition
        block_part = (i % BLOCK) // 512
        if block_part in (1, 5):
            v = 0  # digital silence: an escape partition with 0 raw bits
        elif block_part == 3:
            v = rnd.randint(-20000, 20000)  # noise: an escape partition with raw residuals
        else:
            v = int(6000 * math.sin(2 * math.pi * 440 * i / RATE))
        s.append(v)
    total = len(s)
    info = struct.pack('>HH', 16, BLOCK) + b'\0\0\0\0\0\0'
    packed = (RATE << 44) | (0 << 41) | ((BITS - 1) << 36) | total
    info += packed.to_bytes(8, 'big') + bytes(16)
    out = bytearray(b'fLaC') + bytes([0x80, 0, 0, 34]) + info
    for f in range(0, total, BLOCK):
        block = s[f:f + BLOCK]
        out += frame(f // BLOCK, block)
    open(path, 'wb').write(out)

main(sys.argv[1])
