// CT, LOG, NFLOG and TRACE. CT's zone and notrack decide where conntrack tracks the packet; the others only observe. Their options are checked against the
// options iptables knows (so a typo is still an error) and kept verbatim; CT's zone and notrack are also read out.
import { bad, given, nameWord, type OptionDef, parseUint, type TargetModule } from '../../../syntax/index.ts';
import { type TargetKindIptables, words } from '../../target-kind.ts';

const opt = (name: string, arity: 0 | 1 = 1): OptionDef => ({ name, arity });

export const CT: TargetModule = {
  options: [
    opt('--notrack', 0),
    opt('--helper'),
    opt('--ctevents'),
    opt('--expevents'),
    opt('--zone'),
    opt('--zone-orig'),
    opt('--zone-reply'),
    opt('--timeout'),
  ],
  compile(options, ctx) {
    const zoneOption = given(options, '--zone');
    const zoneText = zoneOption?.values[0]?.text;
    // `--zone mark` takes the zone from the packet mark: valid, but not a fixed zone number.
    const zone = zoneText === undefined || zoneText === 'mark' ? undefined : parseUint(zoneText, 0xffff);
    if (zoneOption && zoneText !== 'mark' && zone === undefined) {
      return bad(ctx, zoneOption.values[0]!, `bad --zone ${JSON.stringify(zoneText)} (0-65535 or "mark")`);
    }
    const unmodelled = zoneText === 'mark' || given(options, '--zone-orig') || given(options, '--zone-reply');
    return {
      kind: 'ct',
      options: ctx.text,
      ...(zone !== undefined ? { zone } : {}),
      ...(unmodelled ? { zoneUnmodelled: true } : {}),
      ...(given(options, '--notrack') ? { notrack: true } : {}),
    };
  },
};

export const LOG: TargetModule = {
  options: [
    opt('--log-level'),
    opt('--log-prefix'),
    opt('--log-tcp-sequence', 0),
    opt('--log-tcp-options', 0),
    opt('--log-ip-options', 0),
    opt('--log-uid', 0),
    opt('--log-macdecode', 0),
  ],
  compile: (_options, ctx) => ({ kind: 'log', module: 'LOG', options: ctx.text }),
};

export const NFLOG: TargetModule = {
  options: ['--nflog-group', '--nflog-prefix', '--nflog-range', '--nflog-size', '--nflog-threshold'].map((n) => opt(n)),
  compile: (_options, ctx) => ({ kind: 'log', module: 'NFLOG', options: ctx.text }),
};

export const TRACE: TargetModule = {
  options: [],
  compile: (_options, ctx) => ({ kind: 'log', module: 'TRACE', options: ctx.text }),
};

/** Target extensions shipped with iptables that the model does not evaluate (kept verbatim as unsupported). */
export const UNMODELLED_TARGETS: ReadonlySet<string> = new Set([
  'AUDIT',
  'CHECKSUM',
  'CLASSIFY',
  'CLUSTERIP',
  'CONNSECMARK',
  'DNPT',
  'DSCP',
  'ECN',
  'HL',
  'HMARK',
  'IDLETIMER',
  'LED',
  'NETMAP',
  'NFQUEUE',
  'NOTRACK',
  'QUEUE',
  'RATEEST',
  'SECMARK',
  'SET',
  'SNPT',
  'SYNPROXY',
  'TCPMSS',
  'TCPOPTSTRIP',
  'TEE',
  'TOS',
  'TTL',
  'ULOG',
]);

export const ctIptables: TargetKindIptables<'ct'> = {
  modules: { CT },
  print: (t) => words('-j CT', t.options !== '' && t.options),
};
export const logIptables: TargetKindIptables<'log'> = {
  modules: { LOG, NFLOG, TRACE },
  print: (t) => words(`-j ${t.module}`, t.options !== '' && t.options),
};
/** Any target of UNMODELLED_TARGETS, or one with options the model does not know, kept verbatim by the compiler. */
export const unsupportedIptables: TargetKindIptables<'unsupported'> = {
  modules: {},
  print: (t) => words(`-j ${nameWord(t.name)}`, t.text !== '' && t.text),
};
