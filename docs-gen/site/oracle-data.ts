// The data files under generated/ that pages are rendered from, one field per producer, so no producer overwrites
// another's figures: `npm run oracle` writes kernel-oracle.json and kernel-oracle.machine.json (oracle/report-data.ts),
// `npm run fuzz` writes kernel-fuzz.json and kernel-fuzz.machine.json (oracle/fuzz/report.ts).
import { type FuzzFiles, type OracleFiles, readFuzzFiles, readOracleFiles } from '../../oracle/index.ts';

export interface SiteData {
  readonly kernelOracle: OracleFiles;
  readonly kernelFuzz: FuzzFiles;
}

/** Every data file, each checked against its schema; a file that is not there is null. */
export function readSiteData(outDir: string): SiteData {
  return { kernelOracle: readOracleFiles(outDir), kernelFuzz: readFuzzFiles(outDir) };
}

/** Data files sit at the top of generated/ and end in .json: the generator reads them, never writes or deletes them. */
export function isDataFile(path: string): boolean {
  return !path.includes('/') && path.endsWith('.json');
}
