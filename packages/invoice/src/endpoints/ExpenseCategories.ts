/**
 * Zoho Invoice's expense categories, declared by hand in the generated modules' format: Books'
 * OpenAPI files, which the rest of this package is generated from, have no such module
 * (shared/specs/finance-endpoints.md §1.1, §3).
 *
 * Sources: Zoho Invoice's "Expense Category" page (https://www.zoho.com/invoice/api/v3/expense-category/)
 * names the seven endpoints, the collection path `/expensecategories`, the `expense_category`
 * record key, the create fields, the `filter_by` values and the `ZohoInvoice.settings.*` scopes.
 * The item path's placeholder, the list key and the `active`/`inactive` action paths are inferred
 * from Zoho's finance pattern (`/items/{item_id}/active`): check them against a live org.
 *
 * @since 0.1.0
 */
import * as Endpoint from "@effect-zoho/core/Endpoint"
import * as Facade from "@effect-zoho/core/Facade"
import * as ZohoProducts from "@effect-zoho/core/ZohoProducts"
import * as Schema from "effect/Schema"

const docs = "https://www.zoho.com/invoice/api/v3/expense-category/"

/**
 * One expense category as Zoho Invoice answers it (an expense account: its id is `account_id`).
 *
 * @category models
 * @since 0.1.0
 */
export type expense_category = {
  readonly "account_id"?: string | undefined
  readonly "account_name"?: string | undefined
  readonly "description"?: string | undefined
  readonly "status"?: string | undefined
  readonly "created_time"?: string | undefined
  readonly "last_modified_time"?: string | undefined
}
/**
 * Schema of {@link expense_category}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const expense_category: Schema.Schema<expense_category> = Schema.Struct({
  "account_id": Schema.optional(Schema.String),
  "account_name": Schema.optional(Schema.String),
  "description": Schema.optional(Schema.String),
  "status": Schema.optional(Schema.String),
  "created_time": Schema.optional(Schema.String),
  "last_modified_time": Schema.optional(Schema.String)
})

/**
 * The body that creates or updates an expense category: its name and description.
 *
 * @category models
 * @since 0.1.0
 */
export type expense_category_request = {
  readonly "account_name": string
  readonly "description"?: string | undefined
}
/**
 * Schema of {@link expense_category_request}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const expense_category_request: Schema.Schema<expense_category_request> = Schema.Struct({
  "account_name": Schema.String,
  "description": Schema.optional(Schema.String)
})

/**
 * Zoho's answer for one category: the category under `expense_category`.
 *
 * @category models
 * @since 0.1.0
 */
export type expense_category_response = {
  readonly "code"?: number | undefined
  readonly "message"?: string | undefined
  readonly "expense_category"?: expense_category | undefined
}
/**
 * Schema of {@link expense_category_response}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const expense_category_response: Schema.Schema<expense_category_response> = Schema.Struct({
  "code": Schema.optional(Schema.Number),
  "message": Schema.optional(Schema.String),
  "expense_category": Schema.optional(expense_category)
})

/**
 * One page of categories, with Zoho's `page_context`.
 *
 * @category models
 * @since 0.1.0
 */
export type list_expense_categories_response = {
  readonly "code"?: number | undefined
  readonly "message"?: string | undefined
  readonly "expense_categories"?: ReadonlyArray<expense_category> | undefined
}
/**
 * Schema of {@link list_expense_categories_response}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const list_expense_categories_response: Schema.Schema<list_expense_categories_response> = Schema.Struct({
  "code": Schema.optional(Schema.Number),
  "message": Schema.optional(Schema.String),
  "expense_categories": Schema.optional(Schema.Array(expense_category))
})

/**
 * Zoho's answer to a delete or a status change: its code and message.
 *
 * @category models
 * @since 0.1.0
 */
export type message_response = {
  readonly "code"?: number | undefined
  readonly "message"?: string | undefined
}
/**
 * Schema of {@link message_response}.
 *
 * @category schemas
 * @since 0.1.0
 */
export const message_response: Schema.Schema<message_response> = Schema.Struct({
  "code": Schema.optional(Schema.Number),
  "message": Schema.optional(Schema.String)
})

const byId = Schema.Struct({
  "expense_category_id": Schema.String
})

/**
 * `POST /expensecategories`: create a category.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const createExpenseCategory = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.createExpenseCategory",
  method: "POST",
  path: "/expensecategories",
  body: expense_category_request,
  response: expense_category_response,
  idempotent: false,
  scopes: ["ZohoInvoice.settings.CREATE"],
  docs
})

/**
 * `GET /expensecategories`: the categories, page by page.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const listExpenseCategories = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.listExpenseCategories",
  method: "GET",
  path: "/expensecategories",
  query: Schema.Struct({
    "filter_by": Schema.optional(
      Schema.Literal("ExpenseCategories.Active", "ExpenseCategories.Inactive", "ExpenseCategories.All")
    ),
    "sort_column": Schema.optional(Schema.String),
    "page": Schema.optional(Schema.Number),
    "per_page": Schema.optional(Schema.Number)
  }),
  response: list_expense_categories_response,
  pagination: Endpoint.financePageContext("expense_categories"),
  idempotent: true,
  scopes: ["ZohoInvoice.settings.READ"],
  docs
})

/**
 * `GET /expensecategories/{expense_category_id}`: one category.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const getExpenseCategory = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.getExpenseCategory",
  method: "GET",
  path: "/expensecategories/{expense_category_id}",
  pathParams: byId,
  response: expense_category_response,
  idempotent: true,
  scopes: ["ZohoInvoice.settings.READ"],
  docs
})

/**
 * `PUT /expensecategories/{expense_category_id}`: rename or describe a category.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const updateExpenseCategory = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.updateExpenseCategory",
  method: "PUT",
  path: "/expensecategories/{expense_category_id}",
  pathParams: byId,
  body: expense_category_request,
  response: expense_category_response,
  idempotent: true,
  scopes: ["ZohoInvoice.settings.UPDATE"],
  docs
})

/**
 * `DELETE /expensecategories/{expense_category_id}`: delete a category.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const deleteExpenseCategory = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.deleteExpenseCategory",
  method: "DELETE",
  path: "/expensecategories/{expense_category_id}",
  pathParams: byId,
  response: message_response,
  idempotent: true,
  scopes: ["ZohoInvoice.settings.DELETE"],
  docs
})

/**
 * `POST /expensecategories/{expense_category_id}/active`: use a category again.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const markExpenseCategoryActive = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.markExpenseCategoryActive",
  method: "POST",
  path: "/expensecategories/{expense_category_id}/active",
  pathParams: byId,
  response: message_response,
  idempotent: false,
  scopes: ["ZohoInvoice.settings.CREATE"],
  docs
})

/**
 * `POST /expensecategories/{expense_category_id}/inactive`: retire a category without deleting
 * the expenses filed under it.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const markExpenseCategoryInactive = Endpoint.make({
  product: ZohoProducts.invoice,
  operation: "invoice.expense_categories.markExpenseCategoryInactive",
  method: "POST",
  path: "/expensecategories/{expense_category_id}/inactive",
  pathParams: byId,
  response: message_response,
  idempotent: false,
  scopes: ["ZohoInvoice.settings.CREATE"],
  docs
})

/**
 * The module's operations under the names the generated facades give (`markActive`, as Books'
 * `items.markActive`).
 *
 * @example
 * ```ts
 * import * as Invoice from "@effect-zoho/invoice/Invoice"
 * import { Effect, Stream } from "effect"
 *
 * export const travel = Effect.gen(function*() {
 *   const category = yield* Invoice.expenseCategories.create({ account_name: "Travel" })
 *   yield* Invoice.expenseCategories.markInactive(category.account_id!)
 *   return yield* Stream.runCount(Invoice.expenseCategories.list())
 * })
 * ```
 *
 * @category facade
 * @since 0.1.0
 */
export const facade = {
  list: Facade.list(listExpenseCategories),
  create: Facade.create(createExpenseCategory, "expense_category"),
  get: Facade.get(getExpenseCategory, "expense_category"),
  update: Facade.update(updateExpenseCategory, "expense_category"),
  delete: Facade.remove(deleteExpenseCategory),
  markActive: Facade.action(markExpenseCategoryActive),
  markInactive: Facade.action(markExpenseCategoryInactive)
}

/**
 * Every endpoint of the module, for the scope table and the operation count.
 *
 * @category endpoints
 * @since 0.1.0
 */
export const endpoints: ReadonlyArray<Endpoint.Endpoint> = [
  createExpenseCategory,
  listExpenseCategories,
  getExpenseCategory,
  updateExpenseCategory,
  deleteExpenseCategory,
  markExpenseCategoryActive,
  markExpenseCategoryInactive
]
