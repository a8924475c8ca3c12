/** The fake Entra ID token endpoint (issue 8): see server.ts, app.ts and docs/entra.md. */
export { EntraService, ENTRA_HOST_NAMES, type EntraServiceOptions } from './server.ts';
export { LabCa } from './ca.ts';
export type { EntraContext, EntraTraceEvent, EntraConfig } from './context.ts';
export { AADSTS, OAuthError, type AadstsCode } from './errors.ts';
export { memoryEntraStores, type EntraStores } from './stores/index.ts';
export { helloKid, parseRsa1Blob, rsa1BlobFromKey, publicKeyFromRsa1 } from './crypto/rsa-blob.ts';
export { kbkdfHmacSha256, sessionDerivedKey } from './crypto/kbkdf.ts';
