// The CLI's estimate of a check's work (scripts/cli/limits.ts) before it runs: a list of rules that differ only in one
// address or port is one test for the packet classes (model/kernel/runs.ts), so istio-iptables' 5,000-CIDR -x list and
// 5,000-port -b list are checked, not refused; an application said to listen on 5,000 ports (the CLI takes them from
// -b) is refused with that reason, since each port is its own listener and Service port.
import { describe, expect, it } from 'vitest';
import { profileNamed } from '../../model/profiles/index.ts';
import { parseDumpOrThrow } from '../../model/rules/index.ts';
import { CliError } from '../../scripts/cli/exit.ts';
import { checkClassWork, checkWork } from '../../scripts/cli/limits.ts';

const cidrs = Array.from(
  { length: 5000 },
  (_, i) => `-A ISTIO_OUTPUT -d 100.${64 + (i >> 8)}.${i & 255}.0/24 -j RETURN`,
);
const ports = Array.from(
  { length: 5000 },
  (_, i) => `-A ISTIO_INBOUND -p tcp -m tcp --dport ${20000 + i} -j ISTIO_IN_REDIRECT`,
);
const base = profileNamed('istio-1.25').rulesText;
const text = base
  .replace('-A ISTIO_OUTPUT -j ISTIO_REDIRECT', [...cidrs, '-A ISTIO_OUTPUT -j ISTIO_REDIRECT'].join('\n'))
  .replace('-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT', ports.join('\n'));
const listed = parseDumpOrThrow(text).rulesets[0]!;
const plain = parseDumpOrThrow(base).rulesets[0]!;

describe('the class work estimate', () => {
  it('counts each list as one rule with one constant', () => {
    expect(text).toContain(cidrs[0]);
    expect(text).toContain(ports[0]);
    const lists = checkWork(listed);
    const none = checkWork(plain);
    // The -x list joins istio-1.25's own `-d 127.0.0.1/32 -j RETURN` just before it (one run: no rule, no constant
    // more); the -b list replaces the catch-all `-p tcp -j ISTIO_IN_REDIRECT` with one run (one port constant more).
    expect(lists.rules - none.rules).toBe(0);
    expect(lists.constants - none.constants).toBe(1);
  });

  it('checks 5,000 CIDRs and 5,000 inbound ports with the application on one port', () => {
    expect(() => checkClassWork(listed, 'ipv4', '<stdin>', [20000])).not.toThrow();
  });

  it('refuses an application on 5,000 ports, naming them as the cause and the flag that fixes it', () => {
    const ports = Array.from({ length: 5000 }, (_, i) => 20000 + i);
    expect(() => checkClassWork(listed, 'ipv4', '<stdin>', ports)).toThrow(CliError);
    expect(() => checkClassWork(listed, 'ipv4', '<stdin>', ports)).toThrow(
      /would walk about 1,25\d,\d{3} packet classes \(limit 200,000\): the application listens on 5,000 ports/,
    );
    expect(() => checkClassWork(listed, 'ipv4', '<stdin>', ports)).toThrow(/--app-port 20000, the list's first port/);
  });
});
