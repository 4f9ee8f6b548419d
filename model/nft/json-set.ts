// A named set in libnftables JSON: {"set": {"name", "type", "flags", "elem": [ … ]}}.
import { type Json, member, stringMember } from './json-tree.ts';
import { setElementType } from './parse-set.ts';
import { readValue } from './read-value.ts';
import type { Report } from './report.ts';
import type { NftSet, NftValue } from './types.ts';

function strings(j: Json | undefined): string[] {
  if (j?.kind === 'string') return [j.value];
  if (j?.kind === 'array') return j.items.flatMap((i) => (i.kind === 'string' ? [i.value] : []));
  return [];
}

export function readSetElementsJson(j: Json, name: string, report: Report): Omit<NftSet, 'handle'> | undefined {
  const type = strings(member(j, 'type')).join(' . ');
  const elementType = setElementType(type);
  const elements: NftValue[] = [];
  const elem = member(j, 'elem');
  for (const item of elem?.kind === 'array' ? elem.items : []) {
    if (item.kind === 'number') {
      elements.push({ kind: 'number', value: item.value });
      continue;
    }
    const word =
      item.kind === 'string'
        ? item.value
        : (() => {
            const prefix = member(item, 'prefix');
            const addr = stringMember(prefix, 'addr');
            const len = member(prefix, 'len');
            return addr !== undefined && len?.kind === 'number' ? `${addr}/${len.value}` : undefined;
          })();
    const read = word !== undefined ? readValue(word, elementType) : { error: 'an element this model does not read' };
    if ('error' in read) {
      report('bad-value', item.at, read.error);
      return undefined;
    }
    elements.push(read.value);
  }
  if (!type) report('bad-json', j.at, `set ${name} has no "type"`);
  return { name, at: j.at, type, flags: strings(member(j, 'flags')), elements };
}
