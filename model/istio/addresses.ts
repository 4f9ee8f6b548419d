// The stage's one door to the net stage's addresses (only this file imports it).
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
} from '../net/index.ts';
