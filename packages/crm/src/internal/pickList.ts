/**
 * Pick-list checks of writes (the official SDKs' `pick_list_validation`), against the module's
 * fields metadata.
 */
import type { PickListViolation } from "../CrmError.js"
import type * as CrmMetadata from "../CrmMetadata.js"

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Values outside the pick lists of `fields`, record by record. */
export const pickListViolations = (
  fields: ReadonlyArray<CrmMetadata.Field>,
  records: ReadonlyArray<unknown>
): ReadonlyArray<PickListViolation> => {
  const lists = new Map<string, { readonly multi: boolean; readonly allowed: ReadonlyArray<string> }>()
  for (const f of fields) {
    if ((f.data_type === "picklist" || f.data_type === "multiselectpicklist") && f.pick_list_values != null) {
      const values = f.pick_list_values
      // An empty list means the metadata does not say: nothing to check against.
      if (values.length > 0) {
        lists.set(f.api_name, {
          multi: f.data_type === "multiselectpicklist",
          allowed: values.map((v) => v.actual_value)
        })
      }
    }
  }
  const violations: Array<PickListViolation> = []
  records.forEach((record, index) => {
    if (!isRecord(record)) return
    for (const [field, value] of Object.entries(record)) {
      const list = lists.get(field)
      if (list === undefined || value === null || value === undefined) continue
      const allowed = new Set(list.allowed)
      const values: ReadonlyArray<unknown> = list.multi && Array.isArray(value) ? value : [value]
      const bad = values.find((v) => typeof v !== "string" || !allowed.has(v))
      if (bad !== undefined || (list.multi && !Array.isArray(value))) {
        violations.push({ index, field, value, allowed: list.allowed })
      }
    }
  })
  return violations
}
