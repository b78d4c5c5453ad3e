import Mocha from 'mocha';
import { extensionSuite } from './extension.test';

/** Entry point @vscode/test-electron calls inside VS Code's extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: true });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  extensionSuite();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
