// Stands in for the `debug` package in the extension host bundle (see esbuild.mjs). mqtt.js and
// mqtt-packet log through `debug`, which prints whenever the DEBUG environment variable asks for
// it; their lines can hold packet contents, a CONNECT's password included. TraceMQ never wants
// that output (its own log channel says what matters, without secrets), so every logger is a
// no-op that is never enabled, whatever DEBUG says. CommonJS, because mqtt-packet calls
// `require('debug')(name)` and mqtt.js reads `require('debug').default`.
'use strict';

function createDebug(namespace) {
  const logger = function silent() {};
  logger.enabled = false;
  logger.namespace = namespace;
  logger.extend = (suffix) => createDebug(`${namespace}:${suffix}`);
  logger.log = function silent() {};
  return logger;
}

createDebug.enable = () => undefined;
createDebug.disable = () => '';
createDebug.enabled = () => false;
createDebug.default = createDebug;

module.exports = createDebug;
