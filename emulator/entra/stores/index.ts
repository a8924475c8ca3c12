/** The token endpoint's run-time state, each behind a small interface with an in-memory implementation. */
export { MemoryDeviceStore, type DeviceStore, type EntraDevice } from './devices.ts';
export { MemoryHelloKeyStore, type HelloKey, type HelloKeyStore } from './hello-keys.ts';
export { MemoryNonceStore, type NonceStore, type NonceVerdict } from './nonces.ts';
export { MemoryGrantStore, type GrantStore, type IssuedGrant, type IssuedPrt, type IssuedRefreshToken } from './prts.ts';

import { MemoryDeviceStore, type DeviceStore } from './devices.ts';
import { MemoryHelloKeyStore, type HelloKeyStore } from './hello-keys.ts';
import { MemoryNonceStore, type NonceStore } from './nonces.ts';
import { MemoryGrantStore, type GrantStore } from './prts.ts';

export interface EntraStores {
  readonly devices: DeviceStore;
  readonly helloKeys: HelloKeyStore;
  readonly nonces: NonceStore;
  readonly grants: GrantStore;
}

export function memoryEntraStores(): EntraStores {
  return { devices: new MemoryDeviceStore(), helloKeys: new MemoryHelloKeyStore(), nonces: new MemoryNonceStore(), grants: new MemoryGrantStore() };
}
