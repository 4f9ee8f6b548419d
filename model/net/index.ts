export {
  type Addr,
  AddressError,
  addrEquals,
  type Cidr,
  cidrContains,
  type Family,
  formatAddr,
  formatCidr,
  isLoopback,
  isMulticastOrBroadcast,
  isSpecial,
  isUnspecified,
  loopbackOf,
  maskAddr,
  parseAddr,
  parseCidr,
} from './address.ts';
export { addrMax, addrToBig, bigToAddr, cidrBounds } from './bigint.ts';
