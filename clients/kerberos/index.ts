/**
 * The lab's Kerberos client: AS-REQ and TGS-REQ building (with KERB-KEY-LIST-REQ), sending over
 * TCP or UDP, opening replies and tickets. Used by the emulated device, the bench and the tests.
 */
export * from './messages.ts';
export * from './tgs.ts';
export * from './transport.ts';
export * from './exchanges.ts';
export * from './ccache.ts';
