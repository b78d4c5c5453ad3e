/** One running stream of the demo: it publishes (and answers) until stopped. */
export interface DemoStream {
  stop(): Promise<void> | void;
}
