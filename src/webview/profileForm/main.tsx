import { render } from 'preact';
import { registerToolkit } from '../toolkit/register';
import { vscodeApi } from '../ipc/vscodeApi';
import { ProfileFormChannel } from './profileFormChannel';
import { ProfileFormApp } from './ProfileFormApp';
import './profileForm.css';

registerToolkit();

const root = document.getElementById('root');
if (!root) throw new Error('the webview page has no #root element');

render(<ProfileFormApp channel={new ProfileFormChannel(vscodeApi())} />, root);
