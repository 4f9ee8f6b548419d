// The data files under generated/ that pages are rendered from, one field per producer, so no producer overwrites
// another's figures: `npm run oracle` writes kernel-oracle.json and kernel-oracle.machine.json (oracle/report-data.ts),
// `npm run fuzz` writes kernel-fuzz.json and kernel-fuzz.machine.json (oracle/fuzz/report.ts), `npm run backends`
// writes backends.json (oracle/backends-data.ts).
import {
  type BackendsResults,
  type FuzzFiles,
  type OracleFiles,
  readBackendsFile,
  readFuzzFiles,
  readOracleFiles,
} from '../../oracle/index.ts';

export interface SiteData {
  readonly kernelOracle: OracleFiles;
  readonly kernelFuzz: FuzzFiles;
  /** null when `npm run backends` has not written generated/backends.json. */
  readonly backends: BackendsResults | null;
}

/** Every data file, each checked against its schema; a file that is not there is null. */
export function readSiteData(outDir: string): SiteData {
  return {
    kernelOracle: readOracleFiles(outDir),
    kernelFuzz: readFuzzFiles(outDir),
    backends: readBackendsFile(outDir),
  };
}

/** Data files sit at the top of generated/ and end in .json: the generator reads them, never writes or deletes them. */
export function isDataFile(path: string): boolean {
  return !path.includes('/') && path.endsWith('.json');
}
