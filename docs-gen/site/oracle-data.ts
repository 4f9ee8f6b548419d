// The data files under generated/ that pages are rendered from. One producer so far: `npm run oracle` writes
// kernel-oracle.json and kernel-oracle.machine.json (oracle/report-data.ts). Another producer (e.g. a differential
// fuzzer) writes files of its own and gets a field of its own here, so no producer overwrites another's figures.
import { type OracleFiles, readOracleFiles } from '../../oracle/index.ts';

export interface SiteData {
  readonly kernelOracle: OracleFiles;
}

/** Every data file, each checked against its schema; a file that is not there is null. */
export function readSiteData(outDir: string): SiteData {
  return { kernelOracle: readOracleFiles(outDir) };
}

/** Data files sit at the top of generated/ and end in .json: the generator reads them, never writes or deletes them. */
export function isDataFile(path: string): boolean {
  return !path.includes('/') && path.endsWith('.json');
}
