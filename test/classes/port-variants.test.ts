// Port variants of a class (model/classes/variants.ts): the ports questions name one by one are asked each, and a long
// configuration list (istio-iptables -b with thousands of ports) is asked once per way a class's ports are in or out
// of the lists, not once per port (5,000 inbound ports times 2,000 classes ran out of memory).
import { describe, expect, it } from 'vitest';
import { type PacketClass, portQuestions, portVariants } from '../../model/classes/index.ts';
import { parseAddr } from '../../model/net/index.ts';
import type { Trace } from '../../model/trace/index.ts';

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

function classAt(port: number): PacketClass {
  return {
    box: {
      family: 'ipv4',
      protocol: 'tcp',
      initiator: { kind: 'outside', actor: 'remote' },
      vars: { dport: [{ from: 1n, to: 65535n }] },
    },
    representative: {
      from: { kind: 'outside', actor: 'remote', addr: parseAddr('10.0.0.9') },
      protocol: 'tcp',
      dst: { addr: parseAddr('10.250.0.3'), port },
    },
    trace: {} as Trace,
  };
}

const ports = (k: PacketClass, q: ReturnType<typeof portQuestions>) =>
  portVariants(k, q)
    .map((c) => c.dst.port)
    .sort((a, b) => a - b);

describe('port variants', () => {
  // Two overlapping lists of 100 ports: ways 00 (neither), 10 (first only), 11 (both), 01 (second only).
  const q = portQuestions([80, 15001], [range(20000, 100), range(20050, 100)]);

  it('asks each single port, and the least port of every way of being in the long lists', () => {
    expect(ports(classAt(80), q)).toEqual([1, 80, 15001, 20000, 20050, 20100]);
  });

  it('lets the representative stand for its own way', () => {
    expect(ports(classAt(20010), q)).toEqual([1, 80, 15001, 20010, 20050, 20100]);
    expect(ports(classAt(3), q)).toEqual([3, 80, 15001, 20000, 20050, 20100]);
  });

  it('asks a short list port by port, as single ports', () => {
    const short = portQuestions([80], [[9000, 9001]]);
    expect(ports(classAt(80), short)).toEqual([1, 80, 9000, 9001]);
  });
});
