// config.Split (tools/common/config/types.go): split on "," and drop empty items, so "6000,7000," is two ports.
// No trimming: " 7000" stays " 7000", which iptables then rejects.
export function splitList(text: string): string[] {
  return text === '' ? [] : text.split(',').filter((s) => s !== '');
}
