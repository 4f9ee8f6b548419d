// The kernel fuzzer's pure parts, without a kernel: where a loaded ruleset drops for good, when a later packet of the
// handshake may be dropped, how a connection is judged, the event queue's give-back, and the results files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judge } from '../../oracle/fuzz/compare.ts';
import { dropPoints, endsInDrop } from '../../oracle/fuzz/drops.ts';
import { EventQueue } from '../../oracle/fuzz/event-queue.ts';
import { laterPacketsMayDrop, type Prediction } from '../../oracle/fuzz/predict.ts';
import type { KernelObservation } from '../../oracle/fuzz/session.ts';
import { emptyFigures, FUZZ_FILE, readFuzzFiles, writeFuzzFiles } from '../../oracle/index.ts';

const SAVED = [
  '*mangle',
  ':PREROUTING DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  ':U1 - [0:0]',
  '[3:180] -A OUTPUT -p tcp -j U1',
  '[0:0] -A OUTPUT -p tcp -m mark --mark 0x1 -j DROP',
  '-A U1 -p udp -j DROP',
  'COMMIT',
].join('\n');

describe('dropPoints and endsInDrop', () => {
  const drops = dropPoints(SAVED);
  it('names DROP rules by position (counters or not) and DROP policies', () => {
    expect([...drops].sort()).toEqual(['mangle:OUTPUT#2', 'mangle:PREROUTING:policy', 'mangle:U1#1']);
  });
  it('is true only when the last hit is a drop point', () => {
    const hit = (chain: string, index: number, kind: 'rule' | 'policy' = 'rule') => ({
      table: 'mangle',
      chain,
      index,
      kind,
    });
    expect(endsInDrop([hit('OUTPUT', 1), hit('OUTPUT', 2)], drops)).toBe(true);
    expect(endsInDrop([hit('OUTPUT', 2), hit('OUTPUT', 3, 'policy')], drops)).toBe(false);
    expect(endsInDrop([hit('PREROUTING', 1, 'policy')], drops)).toBe(true);
    expect(endsInDrop([], drops)).toBe(false);
  });
});

describe('laterPacketsMayDrop', () => {
  const rules = (table: string, ...lines: string[]) =>
    [`*${table}`, ':OUTPUT ACCEPT [0:0]', ...lines, 'COMMIT', ''].join('\n');
  it('is true for a TCP DROP rule or a DROP policy in raw or mangle', () => {
    expect(laterPacketsMayDrop(rules('mangle', '-A OUTPUT -p tcp -j DROP'))).toBe(true);
    expect(laterPacketsMayDrop('*raw\n:PREROUTING DROP [0:0]\nCOMMIT\n')).toBe(true);
  });
  it('is true for CT --notrack of TCP in raw (an untracked reply is not de-NATed)', () => {
    expect(laterPacketsMayDrop(rules('raw', '-A OUTPUT -p tcp -j CT --notrack'))).toBe(true);
    expect(laterPacketsMayDrop(rules('raw', '-A OUTPUT -p udp -j CT --notrack'))).toBe(false);
  });
  it('is false for DROP limited to UDP or to NEW, and for nat, which sees only first packets', () => {
    expect(laterPacketsMayDrop(rules('mangle', '-A OUTPUT -p udp -j DROP'))).toBe(false);
    expect(laterPacketsMayDrop(rules('mangle', '-A OUTPUT -p tcp -m conntrack --ctstate NEW -j DROP'))).toBe(false);
    expect(laterPacketsMayDrop('*nat\n:OUTPUT DROP [0:0]\nCOMMIT\n')).toBe(false);
  });
});

describe('judge', () => {
  const hits = [{ table: 'nat', chain: 'OUTPUT', index: 1, kind: 'rule' as const }];
  const accepted = {
    kind: 'accepted' as const,
    where: 'pod' as const,
    listener: 'app :8080',
    local: '10.250.0.2:8080',
  };
  const prediction = (lost: boolean): Prediction => ({
    kind: 'expected',
    hits,
    outcome: accepted,
    laterPacketsMayBeLost: lost ? 'a DROP may meet a later packet' : null,
  });
  const timeout: KernelObservation = { hits, outcome: { kind: 'timeout' }, sport: 30000 };
  it('agrees when hits and outcome match', () => {
    expect(judge('nft', prediction(false), { hits, outcome: accepted, sport: 30000 })).toEqual({ kind: 'agree' });
  });
  it('disagrees on a timeout the model did not predict when nothing can drop a later packet', () => {
    expect(judge('nft', prediction(false), timeout).kind).toBe('disagree');
  });
  it('is undetermined on such a timeout when raw or mangle may drop a later packet, but only if the hits agree', () => {
    expect(judge('nft', prediction(true), timeout).kind).toBe('undetermined');
    const unaccepted: KernelObservation = { ...timeout, outcome: { kind: 'unaccepted' } };
    expect(judge('nft', prediction(true), unaccepted).kind).toBe('undetermined');
    expect(judge('nft', prediction(false), unaccepted).kind).toBe('disagree');
    expect(judge('nft', prediction(true), { ...timeout, hits: [] }).kind).toBe('disagree');
  });
  it("leaves 'return' hits out on nft only", () => {
    const withReturn: Prediction = {
      ...(prediction(false) as Extract<Prediction, { kind: 'expected' }>),
      hits: [...hits, { table: 'nat', chain: 'U1', index: 2, kind: 'return' }],
    };
    const observed = { hits, outcome: accepted, sport: 30000 };
    expect(judge('nft', withReturn, observed)).toEqual({ kind: 'agree' });
    expect(judge('legacy', withReturn, observed).kind).toBe('disagree');
  });
});

describe('EventQueue', () => {
  it('gives back unconsumed events in front, in order', () => {
    const q = new EventQueue();
    q.push({ kind: 'sync', n: 1 });
    q.push({ kind: 'sync', n: 2 });
    const [first, ...rest] = q.drain();
    q.push({ kind: 'sync', n: 3 });
    q.unshift(rest);
    expect(first).toEqual({ kind: 'sync', n: 1 });
    expect(q.drain()).toEqual([
      { kind: 'sync', n: 2 },
      { kind: 'sync', n: 3 },
    ]);
  });
});

describe('kernel-fuzz results files', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const figures = { ...emptyFigures(), rulesets: 2, loadedBoth: 1, refusedBoth: 1, connections: 3, agree: 3 };
  const run = {
    seed: 5,
    rulesets: 1,
    connections: 4,
    results: [
      {
        backend: 'nft' as const,
        seconds: 12.3,
        report: { figures, perFamily: { ipv4: figures }, counterexamples: [], disagreements: [], harnessErrors: [] },
      },
    ],
  };
  it('writes canonical bytes without timings, reads them back, and says whether they changed', () => {
    dir = mkdtempSync(join(tmpdir(), 'scx-fuzz-files-'));
    expect(writeFuzzFiles(dir, run, { kernel: '6.1', node: 'v20', seconds: 20 })).toBe(true);
    expect(writeFuzzFiles(dir, run, { kernel: '6.2', node: 'v22', seconds: 99 })).toBe(false);
    const text = readFileSync(join(dir, FUZZ_FILE), 'utf8');
    expect(text).not.toMatch(/seconds|kernel|6\.1/);
    const files = readFuzzFiles(dir);
    expect(files.results?.backends[0]?.figures).toEqual(figures);
    expect(files.machine?.kernel).toBe('6.2');
  });
  it('refuses a results file that does not match its schema, naming the field', () => {
    dir = mkdtempSync(join(tmpdir(), 'scx-fuzz-files-'));
    writeFuzzFiles(dir, run, { kernel: '6.1', node: 'v20', seconds: 20 });
    const doc = JSON.parse(readFileSync(join(dir, FUZZ_FILE), 'utf8'));
    doc.backends[0].figures.agree = -1;
    writeFileSync(join(dir, FUZZ_FILE), JSON.stringify(doc));
    expect(() => readFuzzFiles(dir)).toThrow(/figures\/agree/);
  });
});
