// Keeps one withOracle session open across several tests of a describe block: opened in beforeAll, released (and so
// cleaned up by withOracle itself) in afterAll.
import { afterAll, beforeAll } from 'vitest';
import { type Oracle, type OracleOptions, withOracle } from '../../oracle/index.ts';

export function useOracle(options: OracleOptions): () => Oracle {
  let oracle: Oracle | undefined;
  let release: (() => void) | undefined;
  let closed: Promise<void> | undefined;
  let startFailed = false;
  beforeAll(async () => {
    oracle = await new Promise<Oracle>((resolve, reject) => {
      closed = withOracle(options, (o) => {
        resolve(o);
        return new Promise<void>((r) => {
          release = r;
        });
      });
      closed.catch((e: unknown) => {
        startFailed = oracle === undefined;
        reject(e);
      });
    });
  });
  afterAll(async () => {
    release?.();
    if (closed && !startFailed) await closed;
  });
  return () => {
    if (!oracle) throw new Error('kernel oracle session did not start');
    return oracle;
  };
}
