import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** What VS Code gives a webview script: a channel to the host and a small per-view state slot. */
export interface VsCodeApi<State = unknown> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): State;
}

declare function acquireVsCodeApi<State = unknown>(): VsCodeApi<State>;

let acquired: VsCodeApi | undefined;

/**
 * The view's one VS Code API object. VS Code throws if `acquireVsCodeApi` is called twice, so it is
 * called here only, once, and the result is handed down through `VsCodeApiContext`.
 */
export function vscodeApi(): VsCodeApi {
  acquired ??= acquireVsCodeApi();
  return acquired;
}

export const VsCodeApiContext = createContext<VsCodeApi | undefined>(undefined);

export function useVsCodeApi(): VsCodeApi {
  const api = useContext(VsCodeApiContext);
  if (!api) throw new Error('useVsCodeApi() outside <VsCodeApiContext.Provider>');
  return api;
}
