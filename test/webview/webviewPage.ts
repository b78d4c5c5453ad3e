// The webview harness lives in test/harness/webviewPage.ts. This forward stays only until
// test/webview/logView.test.ts (on the tail branch) imports it from there; then delete it.
export * from '../harness/webviewPage';
