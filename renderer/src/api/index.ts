import type { InfermeterApi } from '../../../electron/contract/app-api';
import type { InfermeterShell } from './shell';
import { createWsClient, wsUrlForPage, type ConnectionState } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    infermeter?: InfermeterApi;
    infermeterShell?: InfermeterShell;
  }
}

export type { ConnectionState } from './ws-client';

/** The contract API: the preload's in the Electron app, else a WebSocket client to the page's own server. */
export function getApi(onState: (state: ConnectionState) => void): InfermeterApi {
  if (window.infermeter) {
    onState({ kind: 'connected' });
    return window.infermeter;
  }
  return createWsClient(wsUrlForPage(), onState);
}
