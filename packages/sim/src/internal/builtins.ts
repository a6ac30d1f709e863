/**
 * The products a simulator serves unless told otherwise: CRM and the finance family.
 */
import type { SimSeed } from "../SimSeed.js"
import * as CrmSim from "./crm/CrmSim.js"
import * as FinanceSim from "./finance/FinanceSim.js"
import type { ProductSim } from "./ProductSim.js"

export const products = (seed: SimSeed): ReadonlyArray<ProductSim> => [CrmSim.make(seed), ...FinanceSim.make(seed)]
