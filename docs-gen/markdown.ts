// Expands leaf directives (`::name{key="value"}`) through a registry of handlers that return mdast blocks.
// Text directives (`:name`) are not placeholders: in this project's prose they are ports, addresses and chain names
// (`nat:PREROUTING`, `host:port`), so each becomes plain text again, exactly as it was written.
import type { BlockContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import { DocsError, type DocsPlace } from './errors.ts';
import { parseSource, stringifyMarkdown } from './markdown-processor.ts';

export { withNotice } from './notice.ts';

export type DirectiveHandler = (
  attrs: Readonly<Record<string, string>>,
  place: DocsPlace,
) => BlockContent[] | Promise<BlockContent[]>;

export type DirectiveHandlers = Readonly<Record<string, DirectiveHandler>>;

function placeOf(file: string, node: LeafDirective | ContainerDirective): DocsPlace {
  // Nodes parsed from text always carry a position; 1:1 only guards trees built by hand.
  return { file, line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
}

function attrsOf(node: LeafDirective): Record<string, string> {
  // `{flag}` parses to an empty string and `{#x .y}` to id/class; a missing value is reported as ''.
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attributes ?? {})) attrs[key] = value ?? '';
  return attrs;
}

interface Expansion {
  readonly node: LeafDirective;
  readonly parent: { children: RootContent[] };
  readonly blocks: readonly BlockContent[];
}

/** A text directive as the text it was written as (its source slice), so no syntax is lost or invented. */
function asText(markdown: string, node: TextDirective): Text {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  // Parsed nodes always carry offsets; a hand-built node without them is written in its canonical short form.
  const value = start !== undefined && end !== undefined ? markdown.slice(start, end) : `:${node.name}`;
  return { type: 'text', value };
}

/** Parses `markdown` and replaces every leaf directive with its handler's blocks: the page as a tree. */
export async function expandDirectivesToTree(
  markdown: string,
  file: string,
  handlers: DirectiveHandlers,
): Promise<Root> {
  const tree: Root = parseSource(markdown);
  visit(tree, 'textDirective', (node, index, parent) => {
    if (parent && index !== undefined) parent.children.splice(index, 1, asText(markdown, node));
  });
  const found: { node: LeafDirective; parent: { children: RootContent[] } }[] = [];
  visit(tree, (node, _index, parent) => {
    if (node.type === 'containerDirective') {
      throw new DocsError(
        'container-directive',
        placeOf(file, node),
        `:::${node.name} blocks are not supported; use the leaf form ::${node.name}{...}`,
      );
    }
    if (node.type === 'leafDirective' && parent) found.push({ node, parent: parent as { children: RootContent[] } });
  });

  // One handler at a time, in document order, so handlers with side effects (counters, ids) stay deterministic.
  const expansions: Expansion[] = [];
  for (const { node, parent } of found) {
    const place = placeOf(file, node);
    const handler = Object.hasOwn(handlers, node.name) ? handlers[node.name] : undefined;
    if (handler === undefined) {
      const known = Object.keys(handlers).sort();
      const hint =
        known.length > 0 ? `known: ${known.map((name) => `::${name}`).join(', ')}` : 'no directives are registered';
      throw new DocsError('unknown-directive', place, `unknown directive ::${node.name} (${hint})`);
    }
    if (node.children.length > 0) {
      throw new DocsError(
        'directive-label',
        place,
        `::${node.name}[...] has a label; pass values as {key="value"} attributes`,
      );
    }
    let blocks: BlockContent[];
    try {
      blocks = await handler(attrsOf(node), place);
    } catch (error) {
      if (error instanceof DocsError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new DocsError('directive-failed', place, `::${node.name} failed: ${reason}`, { cause: error });
    }
    expansions.push({ node, parent, blocks });
  }

  // Splice after all handlers ran; looking each node up again keeps indices right when a parent holds several.
  for (const { node, parent, blocks } of expansions) {
    parent.children.splice(parent.children.indexOf(node), 1, ...blocks);
  }
  return tree;
}

/** The expanded page as portable Markdown, written with the pipeline's stable options. */
export async function expandDirectives(markdown: string, file: string, handlers: DirectiveHandlers): Promise<string> {
  return stringifyMarkdown(await expandDirectivesToTree(markdown, file, handlers));
}
