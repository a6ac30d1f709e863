/**
 * The products a simulator serves unless told otherwise: CRM and the finance family.
 */
import type { SimSeed } from "../SimSeed.js"
import type { ProductSim } from "./ProductSim.js"

export const products = (_seed: SimSeed): ReadonlyArray<ProductSim> => []
