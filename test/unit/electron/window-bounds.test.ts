import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialBounds } from '../../../electron/main/window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const external = { x: 1440, y: 0, width: 2560, height: 1415 };

test('a saved position still on a display is reused', () => {
  assert.deepEqual(initialBounds({ x: 1600, y: 100, width: 1200, height: 800, maximized: false }, [laptop, external]), { x: 1600, y: 100, width: 1200, height: 800 });
});

test('a position on a display unplugged since is dropped; the size is kept, capped at the largest screen', () => {
  assert.deepEqual(initialBounds({ x: 1600, y: 100, width: 1200, height: 800, maximized: false }, [laptop]), { width: 1200, height: 800 });
  assert.deepEqual(initialBounds({ x: 10, y: 10, width: 3000, height: 2000, maximized: false }, [laptop]), { x: 10, y: 10, width: 1440, height: 870 });
  // Only a sliver (under 64 px) left on screen counts as off-screen.
  assert.deepEqual(initialBounds({ x: 1400, y: 0, width: 800, height: 600, maximized: false }, [laptop]), { width: 800, height: 600 });
});

test('no saved position: size only', () => {
  assert.deepEqual(initialBounds({ width: 1280, height: 860, maximized: false }, [laptop]), { width: 1280, height: 860 });
  assert.deepEqual(initialBounds({ width: 1280, height: 860, maximized: false }, []), { width: 1280, height: 860 });
});
