// Expands leaf directives (`::name{key="value"}`) through a registry of handlers that return mdast blocks.
// Text directives (`:name`) are left as they are: in this project's prose they are almost always ports and
// addresses (`Envoy :15001`, `10:30`), and remark-stringify writes them back exactly as they were read.
import type { BlockContent, Root, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { visit } from 'unist-util-visit';
import { DocsError, type DocsPlace } from './errors.ts';
import { parseMarkdown, stringifyMarkdown } from './markdown-processor.ts';

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

/** Parses `markdown`, replaces every leaf directive with its handler's blocks, and stringifies with stable options. */
export async function expandDirectives(markdown: string, file: string, handlers: DirectiveHandlers): Promise<string> {
  const tree: Root = parseMarkdown(markdown);
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
  return stringifyMarkdown(tree);
}
