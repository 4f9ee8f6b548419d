export { type EnvoyBehaviour, PORTS } from './behaviour.ts';
export type { Connection, Initiator, StatusRequest } from './connection.ts';
export { followOns, inboundSource } from './follow-on.ts';
export { podHost } from './host.ts';
export { arrivalIface, type InterfaceLink, interfaceLinks, isLinkLocal, linkFor } from './links.ts';
export { type Listener, type ListenerRole, podListeners } from './listeners.ts';
export { makeWorld, type WorldOptions } from './make-world.ts';
export { PORT_TABLE } from './port-table.ts';
export { simulate } from './simulate.ts';
export {
  type ExtraInterface,
  isPodAddr,
  isProxyGid,
  isProxyUid,
  KUBE_DNS,
  type OutsideActor,
  outsideActor,
  type ProxyIds,
  type World,
} from './world.ts';
