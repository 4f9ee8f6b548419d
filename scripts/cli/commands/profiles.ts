// `profiles`: the built-in Istio version profiles, as a table, as JSON, or one of them as iptables-save text (the
// native nftables profile as its nft -f transaction).
import { CLASSIC_PROFILE, findProfile, NFT_PROFILE, PROFILES, profileRuleset } from '../../../model/profiles/index.ts';
import { printRuleset } from '../../../model/rules/index.ts';
import { EXIT } from '../exit.ts';
import type { CliIo } from '../io.ts';
import { NEWEST_PROFILE } from '../options.ts';

export interface ProfilesCommandOptions {
  readonly json?: boolean;
  readonly print?: string;
}

export function profilesJson() {
  return {
    command: 'profiles',
    version: 1,
    default: NEWEST_PROFILE,
    classic: CLASSIC_PROFILE,
    profiles: [...PROFILES, NFT_PROFILE].map((p) => ({
      name: p.name,
      version: p.version,
      summary: p.summary,
      envoy: p.envoy,
    })),
  };
}

export async function runProfiles(o: ProfilesCommandOptions, io: CliIo): Promise<number> {
  if (o.print !== undefined) {
    if (o.print === NFT_PROFILE.name) {
      io.stdout.write(NFT_PROFILE.rulesText);
      return EXIT.ok;
    }
    // The name was checked against the choices by commander.
    io.stdout.write(printRuleset(profileRuleset(findProfile(o.print)!)));
    return EXIT.ok;
  }
  if (o.json) {
    io.stdout.write(`${JSON.stringify(profilesJson(), null, 2)}\n`);
    return EXIT.ok;
  }
  const all = [...PROFILES, NFT_PROFILE];
  const width = Math.max(...all.map((p) => p.name.length));
  const lines = all.map((p) => {
    const marks = [
      p.name === NEWEST_PROFILE ? 'default Envoy behaviour' : '',
      p.name === CLASSIC_PROFILE ? 'classic' : '',
    ]
      .filter((m) => m !== '')
      .join(', ');
    return `${p.name.padEnd(width)}  ${p.summary}${marks ? ` [${marks}]` : ''}`;
  });
  lines.push('', 'use one with --profile NAME; print its rules with: sidecar-chains profiles --print NAME');
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
