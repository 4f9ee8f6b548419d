// Small mdast builders for directive handlers. Handlers build trees, never Markdown strings: remark-stringify then
// escapes whatever a cell or paragraph contains (`|`, `*`, `<`, even line breaks as `&#xA;`), so text survives the
// round trip unchanged and nobody edits Markdown with regular expressions.
import type {
  BlockContent,
  Code,
  Heading,
  InlineCode,
  Link,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  Table,
  TableCell,
  TableRow,
  Text,
} from 'mdast';

/** Inline content: a string becomes one text node (escaped on output), nodes pass through. */
export type Inline = string | PhrasingContent | readonly (string | PhrasingContent)[];
export type Align = 'left' | 'right' | 'center' | null;

export function text(value: string): Text {
  return { type: 'text', value };
}

export function inlineCode(value: string): InlineCode {
  return { type: 'inlineCode', value };
}

function phrasing(content: Inline): PhrasingContent[] {
  if (typeof content === 'string') return [text(content)];
  if (Array.isArray(content)) return (content as readonly (string | PhrasingContent)[]).flatMap(phrasing);
  return [content as PhrasingContent];
}

/** GFM ignores spaces and tabs at the edges of a cell; trimming them here keeps the tree equal to what readers see. */
function trimCellEdges(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && (value[start] === ' ' || value[start] === '\t')) start++;
  while (end > start && (value[end - 1] === ' ' || value[end - 1] === '\t')) end--;
  return value.slice(start, end);
}

export function paragraph(...children: readonly Inline[]): Paragraph {
  return { type: 'paragraph', children: children.flatMap(phrasing) };
}

export function heading(depth: Heading['depth'], ...children: readonly Inline[]): Heading {
  return { type: 'heading', depth, children: children.flatMap(phrasing) };
}

export function link(url: string, content: Inline): Link {
  return { type: 'link', url, title: null, children: phrasing(content) };
}

/** A fenced code block; the value is emitted verbatim, so it must be the final text (e.g. a whole mermaid diagram). */
export function code(lang: string, value: string): Code {
  return { type: 'code', lang, meta: null, value };
}

/** A tight list. An item is inline content (one paragraph) or a ready list of blocks (for nested lists). */
export function list(items: readonly (Inline | { readonly blocks: readonly BlockContent[] })[], ordered = false): List {
  const children: ListItem[] = items.map((item) => ({
    type: 'listItem',
    spread: false,
    checked: null,
    children:
      typeof item === 'object' && item !== null && 'blocks' in item ? [...item.blocks] : [paragraph(item as Inline)],
  }));
  return { type: 'list', ordered, start: ordered ? 1 : null, spread: false, children };
}

function row(cells: readonly Inline[]): TableRow {
  return {
    type: 'tableRow',
    children: cells.map(
      (cell): TableCell => ({
        type: 'tableCell',
        children: phrasing(typeof cell === 'string' ? trimCellEdges(cell) : cell),
      }),
    ),
  };
}

/**
 * A GFM table. Every row must have as many cells as the header: a short row would silently render as empty cells
 * and a long one would lose its extra cells, so both are errors.
 */
export function table(
  header: readonly Inline[],
  rows: readonly (readonly Inline[])[],
  align?: readonly Align[],
): Table {
  if (header.length === 0) throw new RangeError('a table needs at least one column');
  rows.forEach((cells, index) => {
    if (cells.length !== header.length) {
      throw new RangeError(`table row ${index + 1} has ${cells.length} cells, the header has ${header.length}`);
    }
  });
  if (align !== undefined && align.length !== header.length) {
    throw new RangeError(`table align has ${align.length} entries, the header has ${header.length}`);
  }
  return {
    type: 'table',
    align: align ? [...align] : header.map(() => null),
    children: [row(header), ...rows.map(row)],
  };
}
