import '@testing-library/jest-dom/vitest';
import { notifyManager } from '@tanstack/react-query';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// `findBy`/`waitFor` wait 1 s by default; a loaded machine (CI builds in parallel) needs longer.
configure({ asyncUtilTimeout: 5000 });

// React Query batches notifications with setTimeout(0) by default; a microtask keeps those
// out of the timer count, so a pending timer after unmount always means a real leak.
notifyManager.setScheduler(queueMicrotask);

// jsdom has no layout; CodeMirror measures text ranges, so give it empty rectangles.
const emptyRects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
if (typeof Range !== 'undefined') {
  Range.prototype.getClientRects ??= emptyRects;
  Range.prototype.getBoundingClientRect ??= () => new DOMRect();
}

afterEach(() => {
  cleanup();
});
