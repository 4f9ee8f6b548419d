// The connection type is the trace's (model/trace/connection.ts): every hop records the connection that made it.
export type { Connection, Initiator, PodActorId, StatusRequest } from '../trace/index.ts';
