/**
 * CLDAP (LDAP ping over UDP, MS-ADTS 6.3.3):
 *   createCldapServer({ directory, dc?, bind?, port?, rootDse?, onEvent? }): CldapServer
 *   handleDatagram(ctx, datagram, peer?): { reply, event }   pure, for tests and other transports
 */
export { ServiceStateError } from '../../core/errors.ts';
export { createCldapServer, selectDc, type CldapServer, type CldapServerOptions } from './server.ts';
export { handleDatagram, firstElementLength, type CldapContext, type CldapEvent, type CldapResult, type RootDseProvider } from './handler.ts';
