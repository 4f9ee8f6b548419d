// An address and a port: where a socket is, or where a connection goes.
export interface Endpoint {
  readonly addr: string;
  readonly port: number;
}
