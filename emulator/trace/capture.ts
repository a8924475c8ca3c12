/**
 * Opt-in message capture for the training page's decoded view (docs/training-page.md): a service
 * attaches, under a symbol key, a function that returns the bytes (or fields) of the message it
 * traced. JSON.stringify never sees a symbol key, so `--trace FILE`, `ctlab up`'s lines and every
 * other reader get exactly the envelope they got before. The Trace calls the function only while a
 * capture is switched on (the UI server switches it on) and hands the result to its subscribers
 * beside the event; otherwise the function is dropped uncalled. A capture never holds a password:
 * services mask password fields when they build it.
 */

/** The symbol key a capture travels under on a trace event. */
export const CAPTURE: unique symbol = Symbol('ctlab.capture');

/** What a service captured for one message; `kind` picks the decoder (emulator/ui/decode/registry.ts). */
export interface Capture {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** The event `e` with a capture attached (`make` runs only while capturing). Returns `e`. */
export function withCapture<T extends object>(e: T, make: () => Capture): T {
  Object.defineProperty(e, CAPTURE, { value: make, enumerable: true, configurable: true, writable: true });
  return e;
}

/** Takes the capture off `e` (deleting it); runs it when `run` is true, else drops it. */
export function takeCapture(e: object, run: boolean): Capture | undefined {
  const make = (e as { [CAPTURE]?: unknown })[CAPTURE];
  if (make === undefined) return undefined;
  delete (e as { [CAPTURE]?: unknown })[CAPTURE];
  if (!run || typeof make !== 'function') return undefined;
  try {
    return (make as () => Capture)();
  } catch {
    // A capture that fails must not cost the event: the decoded view says nothing was captured.
    return undefined;
  }
}
