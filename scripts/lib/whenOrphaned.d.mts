/** Calls `onOrphaned` once when this process's parent goes away; returns a function that stops watching. */
export function whenOrphaned(onOrphaned: () => void, everyMs?: number): () => void;
