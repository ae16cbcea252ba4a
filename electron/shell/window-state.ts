/**
 * Remembers the window's size and position between runs, and ignores a remembered position
 * that is no longer on any screen (a monitor was unplugged).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { type BrowserWindow, screen } from 'electron';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 800, maximized: false };
export const MIN_SIZE = { width: 900, height: 600 } as const;

function stateFile(userData: string): string {
  return path.join(userData, 'window-state.json');
}

export function loadWindowBounds(userData: string): WindowBounds {
  try {
    const saved = JSON.parse(readFileSync(stateFile(userData), 'utf8')) as WindowBounds;
    const width = Math.max(MIN_SIZE.width, Number(saved.width) || DEFAULT_BOUNDS.width);
    const height = Math.max(MIN_SIZE.height, Number(saved.height) || DEFAULT_BOUNDS.height);
    const bounds: WindowBounds = { width, height, maximized: Boolean(saved.maximized) };
    if (typeof saved.x === 'number' && typeof saved.y === 'number') {
      const visible = screen.getAllDisplays().some((display) => {
        const area = display.workArea;
        return (
          saved.x! >= area.x - 50 &&
          saved.y! >= area.y - 50 &&
          saved.x! < area.x + area.width - 100 &&
          saved.y! < area.y + area.height - 100
        );
      });
      if (visible) Object.assign(bounds, { x: saved.x, y: saved.y });
    }
    return bounds;
  } catch {
    return { ...DEFAULT_BOUNDS };
  }
}

export function trackWindowBounds(window: BrowserWindow, userData: string): void {
  let timer: NodeJS.Timeout | null = null;
  const save = () => {
    timer = null;
    if (window.isDestroyed()) return;
    const bounds = window.getNormalBounds();
    const state: WindowBounds = { ...bounds, maximized: window.isMaximized() };
    try {
      writeFileSync(stateFile(userData), JSON.stringify(state));
    } catch {
      // Losing the window position is not worth an error dialog.
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', schedule);
  window.on('move', schedule);
  window.on('close', save);
}
