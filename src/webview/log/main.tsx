import { render } from 'preact';
import { LogChannel, LogChannelContext } from './logChannel';
import { LogApp } from './LogApp';
import { registerToolkit } from '../toolkit/register';
import { vscodeApi, VsCodeApiContext } from '../ipc/vscodeApi';
import './log.css';
import '../topics/topics.css';
import { markStartup } from './startupMarks';

markStartup('script');
document.addEventListener('DOMContentLoaded', () => {
  markStartup('dom-content-loaded');
});
registerToolkit();
markStartup('toolkit');

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
markStartup('rendered');
