/** The typed benches' Lead: ten fields, shaped as the generated record Schemas are (`optional(NullOr(…))`). */
import * as Schema from "effect/Schema"

const nullable = <S extends Schema.Schema.Any>(s: S) => Schema.optional(Schema.NullOr(s))

export const Lead = Schema.Struct({
  Last_Name: Schema.String,
  First_Name: nullable(Schema.String),
  Email: nullable(Schema.String),
  Company: nullable(Schema.String),
  Phone: nullable(Schema.String),
  Lead_Status: nullable(Schema.String),
  Lead_Source: nullable(Schema.String),
  Annual_Revenue: nullable(Schema.Number),
  No_of_Employees: nullable(Schema.Number),
  Description: nullable(Schema.String)
})
