// The packets that entered one chain, each distinct packet once, in the order first seen. Two packets are the same
// entry when they agree on what the lint replays (protocol, addresses, destination port, interfaces, owner, mark and
// conntrack state); the first one seen is kept, as a copy (the walk goes on changing its packet). observeEntry runs
// at every chain entry of every simulation, thousands per check: a text key per entry cost more than the rest of the
// lint, so packets are bucketed by a number hash of those fields and compared field by field.
import type { Packet } from '../kernel/index.ts';

function sameWords(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEntry(a: Packet, b: Packet): boolean {
  return (
    a.protocol === b.protocol &&
    a.dport === b.dport &&
    a.mark === b.mark &&
    a.ctstate === b.ctstate &&
    a.inIface === b.inIface &&
    a.outIface === b.outIface &&
    (a.owner === null
      ? b.owner === null
      : b.owner !== null && a.owner.uid === b.owner.uid && a.owner.gid === b.owner.gid) &&
    sameWords(a.src.words, b.src.words) &&
    sameWords(a.dst.words, b.dst.words)
  );
}

function entryHash(p: Packet): number {
  // The last word of each address (the whole of an IPv4 one), the ports and the owner: collisions only cost a
  // comparison. Shifts and adds, not Math.imul: this runs at every chain entry, mostly as unoptimised code.
  const src = p.src.words;
  const dst = p.dst.words;
  let h = (p.dport << 8) ^ p.protocol;
  h = ((h << 5) - h + dst[dst.length - 1]!) | 0;
  h = ((h << 5) - h + src[src.length - 1]!) | 0;
  h = ((h << 5) - h + p.mark) | 0;
  if (p.owner !== null) h = ((h << 5) - h + p.owner.uid * 65599 + p.owner.gid) | 0;
  // 30 bits: a small integer, which V8 keeps unboxed (a larger one is a heap number, allocated per lookup).
  return h & 0x3fffffff;
}

export class EntrySet {
  private readonly buckets = new Map<number, Packet[]>();
  /** The distinct packets, in the order first seen. */
  readonly packets: Packet[] = [];

  add(p: Packet): void {
    const h = entryHash(p);
    let bucket = this.buckets.get(h);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(h, bucket);
    }
    for (let i = 0; i < bucket.length; i++) if (sameEntry(bucket[i]!, p)) return;
    const copy = { ...p };
    bucket.push(copy);
    this.packets.push(copy);
  }
}
