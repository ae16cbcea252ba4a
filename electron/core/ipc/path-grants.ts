/**
 * Files the operator chose: through the open dialog, or by dropping them on the window (the
 * preload reports drops to the main process on a channel the page cannot reach). The renderer
 * may ask to import only these, so a compromised page cannot read other files.
 */
import path from 'node:path';

export class PathGrants {
  private readonly granted = new Set<string>();

  grant(paths: readonly string[]): void {
    for (const file of paths) if (file) this.granted.add(path.resolve(file));
  }

  /** The paths that were never granted (empty when all were). */
  ungranted(paths: readonly string[]): string[] {
    return paths.filter((file) => !this.granted.has(path.resolve(file)));
  }
}
