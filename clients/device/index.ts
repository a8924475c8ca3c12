/** The emulated Windows device (issue 9): the cloud-trust sign-in over the wire. */
export * from './types.ts';
export { signIn, entraTarget, type DeviceSignInOptions, type DeviceExtras, type SignInRun } from './signin.ts';
export { drsToken, registerDevice, type RegisteredDevice, type HelloKey } from './entra.ts';
export { defaultDomainRealm, realmForHost, spnHost, type DomainRealmMap } from './realm.ts';
export { stepEnvelope, DEVICE_SERVICE } from './steps.ts';
export { formatTickets, ticketViewOf } from './view.ts';
export { generateRsaKey, importRsaKey, pkcs8Pem, type DeviceKey } from './keys.ts';
export { deviceSettings, scenarioPassword } from './scenario.ts';
export { dsregSummary, formatDsregStatus, type DsregSummary } from './dsreg.ts';
