// The rule builder of tools/istio-iptables/pkg/builder/iptables_builder_impl.go: two ordered lists of commands, one
// per family, each command a table, a chain and the words after `-A CHAIN` or `-I CHAIN N`. Rules for IPv6 are only
// kept when IPv6 is on. With trace logging (1.12 to 1.24), a tagged rule gets an NFLOG copy of its matches: before it
// when appended, and inserted after it at the same position (so it ends up in front) when inserted.
import type { TableName } from '../../rules/index.ts';

export interface PlannedRule {
  readonly table: TableName;
  readonly chain: string;
  readonly op: 'append' | 'insert';
  /** 1-based, for inserts. */
  readonly position?: number;
  readonly params: readonly string[];
}

/** iptableslog.Command identifiers (tools/istio-iptables/pkg/log/command.go, 1.12 to 1.24). */
export type LogTag =
  | 'JumpInbound'
  | 'JumpOutbound'
  | 'ExcludeInboundPort'
  | 'IncludeInboundPort'
  | 'InboundCapture'
  | 'KubevirtCommand'
  | 'ExcludeInterfaceCommand';

/** The word AppendVersionedRule replaces with a per-family value (constants.IPVersionSpecific). */
export const VERSIONED = '\u0000versioned';

export class RuleBuilder {
  readonly v4: PlannedRule[] = [];
  readonly v6: PlannedRule[] = [];
  private tag: LogTag | undefined;

  constructor(
    readonly ipv6: boolean,
    private readonly traceLogging: boolean,
    private readonly quotedPrefix = false,
  ) {}

  /** Tags the next call for trace logging. */
  log(tag: LogTag): this {
    this.tag = tag;
    return this;
  }

  append(chain: string, table: TableName, ...params: string[]): this {
    return this.add(true, true, { table, chain, op: 'append', params });
  }

  appendV4(chain: string, table: TableName, ...params: string[]): this {
    return this.add(true, false, { table, chain, op: 'append', params });
  }

  appendV6(chain: string, table: TableName, ...params: string[]): this {
    return this.add(false, true, { table, chain, op: 'append', params });
  }

  insert(chain: string, table: TableName, position: number, ...params: string[]): this {
    return this.add(true, true, { table, chain, op: 'insert', position, params });
  }

  insertV4(chain: string, table: TableName, position: number, ...params: string[]): this {
    return this.add(true, false, { table, chain, op: 'insert', position, params });
  }

  insertV6(chain: string, table: TableName, position: number, ...params: string[]): this {
    return this.add(false, true, { table, chain, op: 'insert', position, params });
  }

  /** AppendVersionedRule: the VERSIONED word becomes `v4` in the IPv4 rule and `v6` in the IPv6 rule. */
  appendVersioned(v4: string, v6: string, chain: string, table: TableName, ...params: string[]): this {
    const tag = this.tag;
    this.add(true, false, { table, chain, op: 'append', params: params.map((p) => (p === VERSIONED ? v4 : p)) });
    this.tag = tag;
    return this.add(false, true, { table, chain, op: 'append', params: params.map((p) => (p === VERSIONED ? v6 : p)) });
  }

  private add(toV4: boolean, toV6: boolean, rule: PlannedRule): this {
    const tag = this.tag;
    this.tag = undefined;
    if (toV4) this.push(this.v4, rule, tag);
    if (toV6 && this.ipv6) this.push(this.v6, rule, tag);
    return this;
  }

  private push(list: PlannedRule[], rule: PlannedRule, tag: LogTag | undefined): void {
    const j = rule.params.indexOf('-j');
    if (!this.traceLogging || !tag || j < 0) {
      list.push(rule);
      return;
    }
    // Until 1.24 the prefix was fmt.Sprintf(`%q`, …), a word with the double quotes in it; the restore format
    // (9a85305ec04, 1.24) passes the bare identifier.
    const log = [
      ...rule.params.slice(0, j),
      '-j',
      'NFLOG',
      '--nflog-prefix',
      this.quotedPrefix ? `"${tag}"` : tag,
      '--nflog-group',
      '1337',
      '--nflog-size',
      '20',
    ];
    const nflog: PlannedRule = { ...rule, params: log };
    if (rule.op === 'append') list.push(nflog, rule);
    else list.push(rule, nflog);
  }
}
