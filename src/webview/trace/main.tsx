import { render } from 'preact';
import { registerToolkit } from '../toolkit/register';
import { vscodeApi } from '../ipc/vscodeApi';
import { TraceChannel } from './traceChannel';
import { TraceApp } from './TraceApp';
import './trace.css';

registerToolkit();

const root = document.getElementById('root');
if (!root) throw new Error('the webview page has no #root element');

render(<TraceApp channel={new TraceChannel(vscodeApi())} />, root);
