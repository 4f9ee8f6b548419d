// Putting arbitrary words into mermaid source without losing any of them. Measured against the renderer in
// test/docs-gen/render-svg.test.ts, with the settings of mermaid-page.ts (htmlLabels false, securityLevel strict):
// - sequence diagrams: `#` starts a comment and `;` ends a statement, so `ISTIO_OUTPUT#9 REDIRECT` is drawn as
//   `ISTIO_OUTPUT`; mermaid's entity codes (`#35;`) are decoded once when drawing, so escaping round-trips.
// - flowchart labels in "quotes": `#` and `;` are fine, but entity codes are drawn literally (`#35;` becomes `&#35;`),
//   the sanitiser removes tag-like text (`<etag>`) and sometimes a lone `>` (`a --> b` is drawn `a -- b`), and `&amp;`
//   is decoded, so `"`, `<`, `>`, `&` and entity codes cannot be carried at all.

const SEQUENCE_ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  '"': '#quot;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
};

function oneLine(text: string, where: string): void {
  if (text.includes('\n') || text.includes('\r')) {
    throw new RangeError(`${where} must be one line: ${JSON.stringify(text)}`);
  }
}

/** Text for a sequence-diagram message, note or participant alias, drawn exactly as given. */
export function sequenceText(text: string): string {
  oneLine(text, 'sequence text');
  return Array.from(text, (char) => SEQUENCE_ENTITIES[char] ?? char).join('');
}

/**
 * A quoted flowchart node or edge label (`A["…"]`, `-->|"…"|`), drawn exactly as given. Throws for what mermaid
 * cannot draw faithfully with SVG text labels, rather than letting a label silently change.
 */
export function flowchartLabel(text: string): string {
  oneLine(text, 'flowchart label');
  for (const char of ['"', '<', '>', '&']) {
    if (text.includes(char)) throw new RangeError(`flowchart labels cannot contain ${char}: ${JSON.stringify(text)}`);
  }
  if (/#\w+;/.test(text))
    throw new RangeError(`flowchart labels cannot contain entity codes (#…;): ${JSON.stringify(text)}`);
  return `"${text}"`;
}
