// bpmn-js-element-templates ships one bundle for the browser: its properties panel code touches
// `document` when loaded. Only its linter plugin is used here, so a jsdom window is enough.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
for (const name of [ 'window', 'document', 'navigator', 'Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'MutationObserver', 'getComputedStyle' ]) {
  if (!(name in globalThis)) {
    Object.defineProperty(globalThis, name, { value: name === 'window' ? window : window[name], configurable: true, writable: true });
  }
}
