/**
 * Finds the product that serves a path: the longest base path that is a whole-segment prefix.
 */
import type { ProductSim } from "./ProductSim.js"

export interface Match {
  readonly product: ProductSim
  readonly basePath: string
  /** The path below the base path, always starting with `/` (or empty for the base itself). */
  readonly subpath: string
}

export interface Router {
  readonly route: (path: string) => Match | undefined
  readonly products: ReadonlyArray<ProductSim>
}

const trim = (p: string) => p.replace(/\/+$/, "")

export const make = (products: ReadonlyArray<ProductSim>): Router => {
  const entries = products
    .flatMap((product) =>
      [product.basePath, ...(product.extraBasePaths ?? [])].map((b) => ({ product, basePath: trim(b) }))
    )
    .sort((a, b) => b.basePath.length - a.basePath.length)
  const route = (path: string): Match | undefined => {
    for (const e of entries) {
      if (path === e.basePath || path.startsWith(`${e.basePath}/`)) {
        return { product: e.product, basePath: e.basePath, subpath: path.slice(e.basePath.length) }
      }
    }
    return undefined
  }
  return { route, products }
}

/**
 * The product list for a simulator: the built-in products, with any given product replacing the
 * built-in one of the same id, and new ids added.
 */
export const combine = (
  builtIn: ReadonlyArray<ProductSim>,
  extra: ReadonlyArray<ProductSim>
): ReadonlyArray<ProductSim> => {
  const ids = new Set(extra.map((p) => p.product))
  return [...builtIn.filter((p) => !ids.has(p.product)), ...extra]
}
