import type { FormState, ToHost } from '../forms/protocol';

/** What `acquireVsCodeApi()` gives a webview (it may be called once per page). */
interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): WebviewApi;

/** The host channel, typed with the form protocol; state survives hide/restore. */
export interface HostChannel {
  post(message: ToHost): void;
  getState(): unknown;
  setState(state: FormState): void;
}

export function hostChannel(): HostChannel {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
