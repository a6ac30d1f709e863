/**
 * A `Map` with a version that moves on every change it can see (set, delete, clear) and on
 * `touch()`, for a change to a value that the map cannot see. A list computed from the map (the
 * simulator's sorted list pages) is kept per version and rebuilt only when the version moved.
 */
export class VersionedMap<K, V> extends Map<K, V> {
  private changes = 0

  get version(): number {
    return this.changes
  }

  /** A change to a value in the map that the map cannot see. */
  touch(): void {
    this.changes++
  }

  override set(key: K, value: V): this {
    this.changes++
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    this.changes++
    return super.delete(key)
  }

  override clear(): void {
    this.changes++
    super.clear()
  }
}
