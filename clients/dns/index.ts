/** The lab's DNS client: query/response codec, raw UDP/TCP transports, a one-server stub resolver. */
export * from './message.ts';
export * from './probe.ts';
export * from './resolver.ts';
