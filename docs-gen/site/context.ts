// What every page handler shares while one page is expanded: the profiles' worlds, and the page's diagrams.
import { makeWorld, type World } from '../../model/pod/index.ts';
import { findProfile, type Profile, profileRuleset } from '../../model/profiles/index.ts';
import { findScenario, type Scenario } from '../../model/scenarios/index.ts';

export interface Diagram {
  /** File stem under generated/diagrams/, unique across the site. */
  readonly id: string;
  readonly text: string;
  /** Labels the rendered SVG must contain (checked by the tests). */
  readonly labels: readonly string[];
}

export interface PageContext {
  /** The source file, relative to the repository (docs-src/...). */
  readonly source: string;
  /** The output file, relative to generated/. */
  readonly output: string;
  readonly diagrams: Diagram[];
  /** The traces on this page so far (::trace, in document order), which ::oracle-status reports on. */
  readonly traces: { readonly scenario: string; readonly profile: string }[];
  /** Relative link from this page to a file under generated/. */
  readonly href: (target: string) => string;
  /** Adds a diagram and returns its id. */
  readonly addDiagram: (name: string, text: string, labels: readonly string[]) => Diagram;
}

export function pageContext(source: string, output: string): PageContext {
  const depth = output.split('/').length - 1;
  const diagrams: Diagram[] = [];
  const stem = output.replace(/\.md$/, '').replaceAll('/', '-');
  return {
    source,
    output,
    diagrams,
    traces: [],
    href: (target) => `${'../'.repeat(depth)}${target}`,
    addDiagram: (name, text, labels) => {
      // Renderer ids (and file names) are letters, digits, - and _: istio-1.10 becomes istio-1_10.
      const d = { id: `${stem}-${name}`.replace(/[^A-Za-z0-9_-]/g, '_'), text, labels };
      if (diagrams.some((x) => x.id === d.id)) throw new Error(`two diagrams named ${d.id} on ${output}`);
      diagrams.push(d);
      return d;
    },
  };
}

export function profileOrThrow(name: string | undefined): Profile {
  const p = name ? findProfile(name) : undefined;
  if (!p) throw new Error(`unknown profile ${JSON.stringify(name)}`);
  return p;
}

export function scenarioOrThrow(id: string | undefined): Scenario {
  const s = id ? findScenario(id) : undefined;
  if (!s) throw new Error(`unknown scenario ${JSON.stringify(id)}`);
  return s;
}

const worlds = new Map<string, World>();

export function profileWorld(profile: Profile): World {
  let w = worlds.get(profile.name);
  if (!w) {
    w = makeWorld({ rulesets: { ipv4: profileRuleset(profile) }, envoy: profile.envoy });
    worlds.set(profile.name, w);
  }
  return w;
}
