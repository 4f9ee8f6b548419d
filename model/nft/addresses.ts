// The stage's one door to the project's address module (when it moves to a stage folder of its own, only this changes).
export { type Addr, AddressError, type Family, maskAddr, parseAddr } from '../net/index.ts';
