/**
 * Copies a parsed key onto an object as its own property. `out[key] = value` with the key
 * "__proto__" (which JSON.parse keeps as an ordinary key) would replace the object's prototype
 * instead, and the message would seem to hold fields that it does not.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
