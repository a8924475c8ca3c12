/**
 * Devices registered with the fake Entra ID (EntraDevice: the DRS registration's record). The
 * scenario pre-seeds none with keys (a pre-seeded placeholder has no certificate, so it cannot
 * request a PRT); `POST /EnrollmentServer/device` adds them, `DELETE` removes them.
 */
export interface EntraDevice {
  /** The deviceId: the device certificate's subject is exactly `CN=<deviceId>`. */
  readonly deviceId: string;
  readonly objectId: string;
  readonly displayName: string;
  /** AzureAd = Entra joined (JoinType 0), Workplace = registered (4), ServerAd = hybrid (6). */
  readonly trustType: 'AzureAd' | 'ServerAd' | 'Workplace';
  readonly accountEnabled: boolean;
  /** The device certificate the lab CA issued (DER); undefined for scenario placeholders. */
  readonly certificate?: Uint8Array;
  /** The transport key as the client sent it: a BCRYPT_RSAPUBLIC_BLOB (magic RSA1). */
  readonly transportKey?: Uint8Array;
  readonly ownerObjectId?: string;
  readonly deviceType?: string;
  readonly osVersion?: string;
  readonly registeredAt: number;
}

export interface DeviceStore {
  get(deviceId: string): EntraDevice | undefined;
  put(d: EntraDevice): void;
  remove(deviceId: string): boolean;
  list(): readonly EntraDevice[];
}

export class MemoryDeviceStore implements DeviceStore {
  private readonly byId = new Map<string, EntraDevice>();
  constructor(initial: readonly EntraDevice[] = []) {
    for (const d of initial) this.put(d);
  }
  get(deviceId: string): EntraDevice | undefined {
    return this.byId.get(deviceId.toLowerCase());
  }
  put(d: EntraDevice): void {
    this.byId.set(d.deviceId.toLowerCase(), d);
  }
  remove(deviceId: string): boolean {
    return this.byId.delete(deviceId.toLowerCase());
  }
  list(): readonly EntraDevice[] {
    return [...this.byId.values()];
  }
}
