// Last-resort cleanup. withOracle's finally handles the normal and the exceptional path; this covers SIGINT/SIGTERM and
// process exit, where nothing can be awaited: kill our PIDs with SIGKILL and delete our namespaces synchronously.

export interface SyncDisposable {
  disposeSync(): void;
}

const active = new Set<SyncDisposable>();
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function disposeAllSync(): void {
  for (const session of [...active]) {
    try {
      session.disposeSync();
    } catch {
      // Keep going: the other sessions still need their cleanup.
    }
    active.delete(session);
  }
}

function onSignal(signal: NodeJS.Signals): void {
  disposeAllSync();
  uninstall();
  // Ours was the only handler: re-raise so the default action (terminate) still happens.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', disposeAllSync);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', disposeAllSync);
}

export function registerSession(session: SyncDisposable): void {
  if (active.size === 0) install();
  active.add(session);
}

export function unregisterSession(session: SyncDisposable): void {
  active.delete(session);
  if (active.size === 0) uninstall();
}
