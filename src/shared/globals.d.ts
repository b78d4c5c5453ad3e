// TextEncoder and TextDecoder exist in Node and in browsers alike, but this room compiles with
// neither DOM nor Node types. Declare just what shared code uses; the other rooms exclude this
// file and get the real declarations from their own libs.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare function setTimeout(handler: () => void, timeoutMs?: number): unknown;
declare function clearTimeout(handle: unknown): void;
