import { render } from 'preact';
import { LogChannel, LogChannelContext } from './logChannel';
import { LogApp } from './LogApp';
import { registerToolkit } from '../toolkit/register';
import { vscodeApi, VsCodeApiContext } from '../ipc/vscodeApi';
import './log.css';
import '../topics/topics.css';

registerToolkit();

const api = vscodeApi();
const root = document.getElementById('root');
if (!root) throw new Error('the webview page has no #root element');

render(
  <VsCodeApiContext.Provider value={api}>
    <LogChannelContext.Provider value={new LogChannel(api)}>
      <LogApp />
    </LogChannelContext.Provider>
  </VsCodeApiContext.Provider>,
  root,
);
