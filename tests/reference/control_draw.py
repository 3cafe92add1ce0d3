"""An independent re-implementation of the control draw documented in
src/dynamics/control.rs (algorithm "segmento-control-v1"), written from the
published specifications only:

- rand_core's `seed_from_u64` (PCG32 output function filling the 32-byte seed,
  documented as value-stable in rand_core's SeedableRng);
- ChaCha (D. J. Bernstein 2008; RFC 7539 quarter round) with 8 rounds, a
  64-bit block counter in words 12-13 and the 64-bit stream id in words 14-15,
  as rand_chacha documents; next_u64 = two consecutive 32-bit words, low first;
- FNV-1a 64; Lemire's multiply-and-reject bounded integers;
- largest-remainder sizes, ids sorted by UTF-8 bytes, partial Fisher-Yates.

It prints the control ids of the fixture used by tests/dynamics_control.rs.
Run: python3 tests/reference/control_draw.py
"""
import math

MASK32 = 0xFFFFFFFF
MASK64 = 0xFFFFFFFFFFFFFFFF


def pcg32(state):
    state = (state * 0x5851F42D4C957F2D + 0xA17654E46FBE17F3) & MASK64
    xorshifted = (((state >> 18) ^ state) >> 27) & MASK32
    rot = state >> 59
    x = ((xorshifted >> rot) | (xorshifted << ((32 - rot) & 31))) & MASK32
    return state, x.to_bytes(4, "little")


def seed_from_u64(seed):
    out = b""
    state = seed
    for _ in range(8):
        state, chunk = pcg32(state)
        out += chunk
    return out


def rotl(x, n):
    return ((x << n) | (x >> (32 - n))) & MASK32


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK32; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK32; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK32; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK32; s[b] = rotl(s[b] ^ s[c], 7)


def chacha_block(key, counter, stream, rounds):
    constants = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    key_words = [int.from_bytes(key[i:i + 4], "little") for i in range(0, 32, 4)]
    state = constants + key_words + [counter & MASK32, counter >> 32, stream & MASK32, stream >> 32]
    s = list(state)
    for _ in range(rounds // 2):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13); quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12); quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return [(x + y) & MASK32 for x, y in zip(s, state)]


class ChaCha:
    def __init__(self, key, stream=0, rounds=8):
        self.key, self.stream, self.rounds = key, stream, rounds
        self.counter, self.words = 0, []

    def next_u32(self):
        if not self.words:
            self.words = chacha_block(self.key, self.counter, self.stream, self.rounds)
            self.counter += 1
        return self.words.pop(0)

    def next_u64(self):
        lo = self.next_u32()
        hi = self.next_u32()
        return (hi << 32) | lo


# Self-check against the ChaCha20 keystream for an all-zero key and nonce
# (RFC 7539 §2.3.2's construction; first words of the well-known vector).
_z = ChaCha(bytes(32), 0, 20)
assert [_z.next_u32() for _ in range(2)] == [0xADE0B876, 0x903DF1A0]


def fnv1a_64(data):
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & MASK64
    return h


def bounded(rng, n):
    threshold = ((1 << 64) - n) % n
    while True:
        m = rng.next_u64() * n
        if (m & MASK64) >= threshold:
            return m >> 64


def round_half_away(x):
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def draw(customers, share, seed, selected=None):
    segments = {}
    for cid, seg in customers:
        if selected is None or seg in selected:
            segments.setdefault(seg, []).append(cid)
    keys = sorted(segments, key=lambda k: k.encode("utf-8"))
    sizes = [len(segments[k]) for k in keys]
    exact = [share * n for n in sizes]
    counts = [math.floor(x) for x in exact]
    missing = round_half_away(share * sum(sizes)) - sum(counts)
    order = sorted(range(len(keys)), key=lambda i: -(exact[i] - math.floor(exact[i])))  # stable
    for i in order:
        if missing <= 0:
            break
        if counts[i] < sizes[i]:
            counts[i] += 1
            missing -= 1
    result = {}
    for key, control in zip(keys, counts):
        ids = sorted(segments[key], key=lambda s: s.encode("utf-8"))
        rng = ChaCha(seed_from_u64(seed), fnv1a_64(key.encode("utf-8")))
        for i in range(control):
            j = i + bounded(rng, len(ids) - i)
            ids[i], ids[j] = ids[j], ids[i]
        result[key] = sorted(ids[:control], key=lambda s: s.encode("utf-8"))
    return result


def fixture():
    """Same construction as `fixture()` in tests/dynamics_control.rs."""
    customers = []
    for i in range(220):
        cid = f"K{(i * 37) % 220:03d}"
        seg = "champions" if i % 10 < 1 else ("à_risque" if i % 10 < 4 else "occasionnels")
        customers.append((cid, seg))
    customers.append(("é-client", "champions"))
    return customers


for seed in (2024, 7):
    print(f"seed {seed}")
    for key, ids in draw(fixture(), 0.1, seed).items():
        print(f"  {key}: {ids}")
print("selected occasionnels only, share 0.25, seed 99:", draw(fixture(), 0.25, 99, {"occasionnels"}))
