"""The exact checker every anonymity property test uses: can adding and subtracting displayed
figures isolate a set of answers totalling 1 to k - 1?

Every displayed figure is the sum of some *leaves* (counts no page shows on their own), so the
figures are linear equations over the leaf counts. A set of leaves can be worked out exactly when
its indicator vector lies in the row space of those equations; `smallest_isolated` searches every
0/1 vector of that row space (through its reduced row echelon form: such a vector is fixed by its
values at the pivot columns) for one whose total is between 1 and k - 1.
"""

from fractions import Fraction


def _rref(rows: list[list[Fraction]]) -> tuple[list[list[Fraction]], list[int]]:
    matrix = [row[:] for row in rows]
    pivots: list[int] = []
    width = len(matrix[0]) if matrix else 0
    r = 0
    for c in range(width):
        pivot = next((i for i in range(r, len(matrix)) if matrix[i][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        lead = matrix[r][c]
        matrix[r] = [v / lead for v in matrix[r]]
        for i in range(len(matrix)):
            if i != r and matrix[i][c] != 0:
                factor = matrix[i][c]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    return matrix[:r], pivots


def smallest_isolated(
    rows: list[list[int]], counts: list[int], k: int, exempt: frozenset[int] = frozenset()
) -> list[int] | None:
    """A set of leaves (as a 0/1 vector) that the rows determine exactly and whose total is
    between 1 and k - 1, or None when there is none. A set whose counted leaves all lie in
    `exempt` (columns) is not reported: it holds no answer (a survey's skips)."""
    if not rows:
        return None
    basis, pivots = _rref([[Fraction(v) for v in row] for row in rows])
    free = [c for c in range(len(counts)) if c not in pivots]
    totals = [sum(row[c] * counts[c] for c in range(len(counts))) for row in basis]
    n = len(basis)
    # Bounds of what the rows not yet chosen can still add, per free column and for the total.
    low = [[Fraction(0)] * len(free) for _ in range(n + 1)]
    high = [[Fraction(0)] * len(free) for _ in range(n + 1)]
    low_t = [Fraction(0)] * (n + 1)
    high_t = [Fraction(0)] * (n + 1)
    for j in range(n - 1, -1, -1):
        for i, c in enumerate(free):
            low[j][i] = low[j + 1][i] + min(0, basis[j][c])
            high[j][i] = high[j + 1][i] + max(0, basis[j][c])
        low_t[j] = low_t[j + 1] + min(0, totals[j])
        high_t[j] = high_t[j + 1] + max(0, totals[j])

    def search(j: int, chosen: list[int], partial: list[Fraction], total: Fraction) -> list[int] | None:
        if total + low_t[j] >= k or total + high_t[j] < 1:
            return None
        for i in range(len(free)):
            if partial[i] + low[j][i] > 1 or partial[i] + high[j][i] < 0:
                return None
        if j == n:
            if all(v in (0, 1) for v in partial) and 0 < total < k:
                vector = [0] * len(counts)
                for row in chosen:
                    vector[pivots[row]] = 1
                for i, c in enumerate(free):
                    vector[c] = int(partial[i])
                if all(c in exempt for c, bit in enumerate(vector) if bit and counts[c]):
                    return None
                return vector
            return None
        for bit in (0, 1):
            if bit:
                step = [partial[i] + basis[j][c] for i, c in enumerate(free)]
                found = search(j + 1, [*chosen, j], step, total + totals[j])
            else:
                found = search(j + 1, chosen, partial, total)
            if found is not None:
                return found
        return None

    return search(0, [], [Fraction(0)] * len(free), Fraction(0))
