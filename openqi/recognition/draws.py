"""The prize draw's rule: commit to a secret seed, fix the entrants, then reveal and draw.

Pure functions, no Django, so anyone can check a draw with the seed, the entrant list and this
file. The rule:

1. Before the draw, a 256-bit seed is made with `secrets` (the operating system's CSPRNG) and
   only its SHA-256 (`commitment`) is recorded, with the entrant ids in ascending order and their
   digest. Nobody, the person running the draw included, can choose a seed after seeing entrants.
2. The draw reveals the seed. Winners are a partial Fisher–Yates shuffle of the sorted entrants,
   driven by HMAC-SHA256(seed, "openqi-draw:<round>:<counter>") read as a 256-bit integer, with
   rejection sampling so every entrant is equally likely (no modulo bias).
3. Verification recomputes the commitment from the revealed seed, the digest from the entrants and
   the winners from both, and says which check, if any, fails.
"""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

SEED_BYTES = 32


def seed_new() -> str:
    return secrets.token_hex(SEED_BYTES)


def commitment(seed: str) -> str:
    return hashlib.sha256(bytes.fromhex(seed)).hexdigest()


def entrants_canonical(entrant_ids: Sequence[int]) -> list[int]:
    return sorted({int(i) for i in entrant_ids})


def entrants_digest(entrant_ids: Sequence[int]) -> str:
    text = ",".join(str(i) for i in entrants_canonical(entrant_ids))
    return hashlib.sha256(text.encode()).hexdigest()


def _uniform_below(seed: str, bound: int, round_no: int) -> int:
    """A number in [0, bound) from the seed, equally likely for each value."""
    key = bytes.fromhex(seed)
    space = 1 << 256
    limit = space - (space % bound)  # values at or above this would favour small results
    counter = 0
    while True:
        block = hmac.new(key, f"openqi-draw:{round_no}:{counter}".encode(), hashlib.sha256).digest()
        value = int.from_bytes(block, "big")
        if value < limit:
            return value % bound
        counter += 1


def draw_winners(seed: str, entrant_ids: Sequence[int], wanted: int) -> list[int]:
    """The winners, in the order drawn: at most `wanted`, never the same person twice."""
    pool = entrants_canonical(entrant_ids)
    winners: list[int] = []
    for round_no in range(min(wanted, len(pool))):
        remaining = len(pool) - round_no
        pick = round_no + _uniform_below(seed, remaining, round_no)
        pool[round_no], pool[pick] = pool[pick], pool[round_no]
        winners.append(pool[round_no])
    return winners


@dataclass(frozen=True)
class Verification:
    commitment_matches: bool
    winners_match: bool
    recomputed_winners: tuple[int, ...]

    @property
    def verified(self) -> bool:
        return self.commitment_matches and self.winners_match


def verify(
    *, seed: str, recorded_commitment: str, entrant_ids: Sequence[int], wanted: int, recorded_winners: Sequence[int]
) -> Verification:
    try:
        matches = hmac.compare_digest(commitment(seed), recorded_commitment)
    except ValueError:  # a seed that is not hexadecimal cannot match
        return Verification(commitment_matches=False, winners_match=False, recomputed_winners=())
    recomputed = tuple(draw_winners(seed, entrant_ids, wanted))
    return Verification(
        commitment_matches=matches,
        winners_match=list(recomputed) == [int(w) for w in recorded_winners],
        recomputed_winners=recomputed,
    )
