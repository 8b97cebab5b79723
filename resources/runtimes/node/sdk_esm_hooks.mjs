// SPDX-License-Identifier: MIT
// Module resolve hook for ES module handlers (registered by sdk_support.js): a bare specifier ('@aws-sdk/…')
// that resolves nowhere from the importing file is looked up once more from the bundled SDK's folder, as a
// CommonJS require would find it on NODE_PATH. The function's own node_modules is always tried first.
let sdkParentURL = null;

export async function initialize(data) {
  sdkParentURL = data && data.parentURL;
}

function isBare(specifier) {
  return !/^(\.{0,2}\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!sdkParentURL || !error || error.code !== 'ERR_MODULE_NOT_FOUND' || !isBare(specifier)) throw error;
    try {
      return await nextResolve(specifier, { ...context, parentURL: sdkParentURL });
    } catch (_) {
      throw error;
    }
  }
}
