// The stage's one door to the project's address module (moving to its own stage folder; only this file changes then).
export {
  type Addr,
  AddressError,
  type Cidr,
  type Family,
  formatAddr,
  formatCidr,
  isLoopback,
  maskAddr,
  parseAddr,
} from '../address.ts';
