// Longest common subsequence of two lists of rule texts: the pairs of indexes that stay in the same relative order.
// Everything outside it was added, removed, changed or moved.
//
// A dump read back against the rules its own configuration generates is nearly identical to them, but it can be long
// (5,000 exclusion CIDRs and 5,000 inbound ports), so the full n·m table (about 20 s on 5,000 rules) is replaced by
// the same table restricted to a band of diagonals around the main one, widened by doubling until it provably holds
// every longest path (Ukkonen, "Algorithms for approximate string matching", Information and Control 64, 1985, the
// band-doubling idea also used by Myers' O(ND) diff, Algorithmica 1, 1986). The cost is O((n + m) · D) for D edits.
//
// The pairs are exactly those of the full table, not merely another LCS of the same length: the traceback below is
// the full table's (take a match, else step in a while len[i+1][j] >= len[i][j+1]), and it only walks cells on longest
// paths. A longest path makes n - L steps in a and m - L in b, so it stays on diagonals j - i in [-(n - L), m - L];
// once the band holds them (checked with the band's own L, a lower bound of the true one), every cell on a longest
// path has its true value, and every other cell a value no larger than its true one (cells outside the band count
// 0). At a cell on a longest path the neighbour on a longest path has the cell's value and any other neighbour less,
// in the band as in the full table, so every comparison of the traceback decides as the full table's does.

export function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [];
  for (let d = 1; ; d *= 2) {
    const band = Band.fill(a, b, d);
    const l = band.at(0, 0);
    if (Math.max(n - l, m - l) <= d || d >= Math.max(n, m)) return band.traceback(a, b);
  }
}

/**
 * len[i][j] (the LCS of a[i..] and b[j..]) on diagonals j - i in [-lo, hi] (lo = min(d, n), hi = min(d, m), as no
 * cell lies further out); 0 outside them.
 */
class Band {
  private readonly width: number;

  private constructor(
    private readonly lo: number,
    private readonly hi: number,
    private readonly n: number,
    private readonly m: number,
    private readonly cells: Int32Array,
  ) {
    this.width = lo + hi + 1;
  }

  static fill(a: readonly string[], b: readonly string[], d: number): Band {
    const n = a.length;
    const m = b.length;
    const lo = Math.min(d, n);
    const hi = Math.min(d, m);
    const band = new Band(lo, hi, n, m, new Int32Array(n * (lo + hi + 1)));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = Math.min(m - 1, i + hi); j >= Math.max(0, i - lo); j--) {
        const v = a[i] === b[j] ? band.at(i + 1, j + 1) + 1 : Math.max(band.at(i + 1, j), band.at(i, j + 1));
        band.cells[i * band.width + (j - i + lo)] = v;
      }
    }
    return band;
  }

  at(i: number, j: number): number {
    if (i >= this.n || j >= this.m || j - i > this.hi || i - j > this.lo) return 0;
    return this.cells[i * this.width + (j - i + this.lo)]!;
  }

  traceback(a: readonly string[], b: readonly string[]): [number, number][] {
    const pairs: [number, number][] = [];
    let i = 0;
    let j = 0;
    while (i < this.n && j < this.m) {
      if (a[i] === b[j]) {
        pairs.push([i, j]);
        i++;
        j++;
      } else if (this.at(i + 1, j) >= this.at(i, j + 1)) i++;
      else j++;
    }
    return pairs;
  }
}
