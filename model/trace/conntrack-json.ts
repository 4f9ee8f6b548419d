// A hop's conntrack view and its reply at the output boundary: tuples become `src:sport -> dst:dport` text (as
// `conntrack -L` would pair them), endpoints their canonical text; and back. Only traces that follow replies have them.
import { type CtTuple, tupleText } from '../kernel/index.ts';
import { parseAddr } from '../net/index.ts';
import type { HopConntrack } from './types.ts';

export interface HopConntrackJson {
  zone: number;
  lookup: HopConntrack['lookup'];
  ctstate: string;
  entry: { id: number; zone: number; original: string; reply: string; status: string } | null;
}

export function hopConntrackJson(c: HopConntrack): HopConntrackJson {
  const e = c.entry;
  return {
    zone: c.zone,
    lookup: c.lookup,
    ctstate: c.ctstate,
    entry:
      e === null
        ? null
        : { id: e.id, zone: e.zone, original: tupleText(e.original), reply: tupleText(e.reply), status: e.status },
  };
}

/** The inverse of tupleText for a family and protocol. */
export function tupleFromText(text: string, family: CtTuple['family'], protocol: number): CtTuple {
  const [from, to] = text.split(' -> ');
  const split = (s: string | undefined) => {
    const m = /^\[?(.*?)\]?:(\d+)$/.exec(s ?? '');
    if (!m) throw new Error(`not a conntrack tuple: ${JSON.stringify(text)}`);
    return { addr: parseAddr(m[1]!), port: Number(m[2]) };
  };
  const a = split(from);
  const b = split(to);
  return { family, protocol, src: a.addr, sport: a.port, dst: b.addr, dport: b.port };
}

export function hopConntrackFromJson(c: HopConntrackJson, family: CtTuple['family'], protocol: number): HopConntrack {
  const e = c.entry;
  return {
    ...c,
    entry:
      e === null
        ? null
        : {
            id: e.id,
            zone: e.zone,
            original: tupleFromText(e.original, family, protocol),
            reply: tupleFromText(e.reply, family, protocol),
            status: e.status as 'UNREPLIED' | 'REPLIED',
          },
  };
}
