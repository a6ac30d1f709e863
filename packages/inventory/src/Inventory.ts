/**
 * Zoho Inventory, module by module: `Inventory.<module>.list` streams a module's records over
 * `page_context`, `get`/`create`/`update`/`delete` take and return the record itself, and every
 * other operation of Zoho's files is there under its Zoho name without the module's noun
 * (`markSent`, `void`, `email`, `approve`…). Each module is the generated `facade` of its file
 * (see `@effect-zoho/core/Facade`); the raw endpoints are in `@effect-zoho/inventory/generated/<Module>`.
 *
 * Importing this module loads every module's declarations; a program that wants to load only
 * what it uses imports `@effect-zoho/inventory/generated/<Module>` and uses its `facade`.
 *
 * @since 0.1.0
 */
import * as Batches from "./generated/Batches.js"
import * as Bills from "./generated/Bills.js"
import * as Compositeitems from "./generated/Compositeitems.js"
import * as ContactPersons from "./generated/ContactPersons.js"
import * as Contacts from "./generated/Contacts.js"
import * as CreditNotes from "./generated/CreditNotes.js"
import * as Currency from "./generated/Currency.js"
import * as CustomerPayments from "./generated/CustomerPayments.js"
import * as DeliveryChallans from "./generated/DeliveryChallans.js"
import * as Inventoryadjustments from "./generated/Inventoryadjustments.js"
import * as Invoices from "./generated/Invoices.js"
import * as Itemgroups from "./generated/Itemgroups.js"
import * as Items from "./generated/Items.js"
import * as Landedcosts from "./generated/Landedcosts.js"
import * as Locations from "./generated/Locations.js"
import * as Moveorders from "./generated/Moveorders.js"
import * as Organizations from "./generated/Organizations.js"
import * as Packages from "./generated/Packages.js"
import * as Picklists from "./generated/Picklists.js"
import * as Pricelists from "./generated/Pricelists.js"
import * as Purchaseorders from "./generated/Purchaseorders.js"
import * as Purchasereceives from "./generated/Purchasereceives.js"
import * as Putaways from "./generated/Putaways.js"
import * as Replenishment from "./generated/Replenishment.js"
import * as ReportingTags from "./generated/ReportingTags.js"
import * as RetainerInvoices from "./generated/RetainerInvoices.js"
import * as Salesorders from "./generated/Salesorders.js"
import * as Salesreturns from "./generated/Salesreturns.js"
import * as Serialnumbers from "./generated/Serialnumbers.js"
import * as Shipmentorders from "./generated/Shipmentorders.js"
import * as Storagelocations from "./generated/Storagelocations.js"
import * as Tasks from "./generated/Tasks.js"
import * as Taxes from "./generated/Taxes.js"
import * as Transferorders from "./generated/Transferorders.js"
import * as UnitOfMeasurement from "./generated/UnitOfMeasurement.js"
import * as Users from "./generated/Users.js"
import * as VendorCredits from "./generated/VendorCredits.js"

/**
 * Zoho Inventory batches: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`bulkDelete`, `bulkMarkAsActive`, `bulkMarkAsInactive`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Batches`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const batches = Batches.facade
/**
 * Zoho Inventory bills: `list`, `get`, `create`, `update`, `delete` and 9 other operations
 * (`updateCustomField`, `bulkApprove`, `bulkSubmit`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Bills`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const bills = Bills.facade
/**
 * Zoho Inventory composite items: `list`, `get`, `create`, `update`, `delete` and 11 other operations
 * (`listAssemblies`, `createAssemblies`, `getAssembly`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Compositeitems`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const compositeItems = Compositeitems.facade
/**
 * Zoho Inventory contact persons: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`markAsPrimary`).
 * The `facade` of `@effect-zoho/inventory/generated/ContactPersons`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contactPersons = ContactPersons.facade
/**
 * Zoho Inventory contacts: `list`, `get`, `create`, `update`, `delete` and 7 other operations
 * (`markAsActive`, `getAddress`, `listComments`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Contacts`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const contacts = Contacts.facade
/**
 * Zoho Inventory credit notes: `list`, `get`, `create`, `update`, `delete` and 24 other operations
 * (`listCreditNoteRefundsOfAll`, `listTemplates`, `updateBillingAddress`, …).
 * The `facade` of `@effect-zoho/inventory/generated/CreditNotes`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const creditNotes = CreditNotes.facade
/**
 * Zoho Inventory currencies: `list`, `get`, `create`, `update`, `delete`.
 * The `facade` of `@effect-zoho/inventory/generated/Currency`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const currencies = Currency.facade
/**
 * Zoho Inventory customer payments: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`updateCustomField`).
 * The `facade` of `@effect-zoho/inventory/generated/CustomerPayments`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const customerPayments = CustomerPayments.facade
/**
 * Zoho Inventory delivery challans: `list`, `get`, `create`, `update`, `delete` and 12 other
 * operations (`bulkReturn`, `listTemplates`, `bulkUndoReturn`, …).
 * The `facade` of `@effect-zoho/inventory/generated/DeliveryChallans`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const deliveryChallans = DeliveryChallans.facade
/**
 * Zoho Inventory inventory adjustments: `list`, `get`, `create`, `update`, `delete` and 4 other
 * operations (`approve`, `approveFinal`, `reject`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Inventoryadjustments`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const inventoryAdjustments = Inventoryadjustments.facade
/**
 * Zoho Inventory invoices: `list`, `get`, `create`, `update`, `delete` and 37 other operations
 * (`updateCustomField`, `bulkApprove`, `bulkEmail`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Invoices`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const invoices = Invoices.facade
/**
 * Zoho Inventory item groups: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`markActive`, `markInactive`).
 * The `facade` of `@effect-zoho/inventory/generated/Itemgroups`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const itemGroups = Itemgroups.facade
/**
 * Zoho Inventory items: `list`, `get`, `create`, `update`, `delete` and 34 other operations
 * (`updateCustomField`, `listDetails`, `bulkDelete`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Items`: records in and out, no envelope to unwrap.
 *
 * @example
 * ```ts
 * import * as Inventory from "@effect-zoho/inventory/Inventory"
 * import { Effect, Stream } from "effect"
 *
 * export const program = Effect.gen(function*() {
 *   const created = yield* Inventory.items.create({ name: "Crate", rate: 20 })
 *   const again = yield* Inventory.items.get(created.item_id ?? "")
 *   const count = yield* Stream.runCount(Inventory.items.list())
 *   return { id: again.item_id, count }
 * })
 * ```
 *
 * @category modules
 * @since 0.1.0
 */
export const items = Items.facade
/**
 * Zoho Inventory landed costs: 6 operations (`bulkCreateBulk`, `createForBill`, `getForBill`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Landedcosts`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const landedCosts = Landedcosts.facade
/**
 * Zoho Inventory locations: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`markAsActive`, `markAsInactive`, `markAsPrimary`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Locations`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const locations = Locations.facade
/**
 * Zoho Inventory move orders: `list`, `get`, `create`, `update`, `delete` and 9 other operations
 * (`bulkDelete`, `addAttachment`, `listComments`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Moveorders`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const moveOrders = Moveorders.facade
/**
 * Zoho Inventory organizations: `list`, `get`, `create`, `update`.
 * The `facade` of `@effect-zoho/inventory/generated/Organizations`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const organizations = Organizations.facade
/**
 * Zoho Inventory packages: `list`, `get`, `create`, `update`, `delete` and 1 other operation
 * (`bulkPrint`).
 * The `facade` of `@effect-zoho/inventory/generated/Packages`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const packages = Packages.facade
/**
 * Zoho Inventory picklists: `list`, `get`, `create`, `update`, `delete` and 10 other operations
 * (`bulkDelete`, `searchPrLineItems`, `searchSalesOrders`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Picklists`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const picklists = Picklists.facade
/**
 * Zoho Inventory price lists: `list`, `create`, `update`, `delete` and 2 other operations
 * (`markActive`, `markInactive`).
 * The `facade` of `@effect-zoho/inventory/generated/Pricelists`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const priceLists = Pricelists.facade
/**
 * Zoho Inventory purchase orders: `list`, `get`, `create`, `update`, `delete` and 8 other operations
 * (`bulkApprove`, `bulkSubmit`, `approve`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Purchaseorders`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const purchaseOrders = Purchaseorders.facade
/**
 * Zoho Inventory purchase receives: `get`, `create`, `update`, `delete` and 4 other operations
 * (`approve`, `approveFinal`, `reject`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Purchasereceives`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const purchaseReceives = Purchasereceives.facade
/**
 * Zoho Inventory putaways: `list`, `get`, `create`, `update`, `delete` and 5 other operations
 * (`addAttachment`, `listComments`, `getDocument`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Putaways`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const putaways = Putaways.facade
/**
 * Zoho Inventory replenishment: `list`, `get` and 17 other operations (`listItemLocation`,
 * `listItemWarehouse`, `bulkUpdate`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Replenishment`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const replenishment = Replenishment.facade
/**
 * Zoho Inventory reporting tags: `create`, `update`, `delete` and 11 other operations (`bulkGet`,
 * `allOptions`, `getAllOptions`, …).
 * The `facade` of `@effect-zoho/inventory/generated/ReportingTags`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const reportingTags = ReportingTags.facade
/**
 * Zoho Inventory retainer invoices: `list`, `get`, `create`, `update`, `delete` and 17 other
 * operations (`listTemplates`, `approve`, `markAsDraft`, …).
 * The `facade` of `@effect-zoho/inventory/generated/RetainerInvoices`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const retainerInvoices = RetainerInvoices.facade
/**
 * Zoho Inventory sales orders: `list`, `get`, `create`, `update`, `delete` and 10 other operations
 * (`bulkDelete`, `bulkApprove`, `bulkConfirm`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Salesorders`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const salesOrders = Salesorders.facade
/**
 * Zoho Inventory sales returns: `list`, `get`, `create`, `update`, `delete` and 2 other operations
 * (`createReceive`, `deleteReceive`).
 * The `facade` of `@effect-zoho/inventory/generated/Salesreturns`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const salesReturns = Salesreturns.facade
/**
 * Zoho Inventory serial numbers: `list`, `get`.
 * The `facade` of `@effect-zoho/inventory/generated/Serialnumbers`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const serialNumbers = Serialnumbers.facade
/**
 * Zoho Inventory shipment orders: `get`, `create`, `update`, `delete` and 1 other operation
 * (`markAsDelivered`).
 * The `facade` of `@effect-zoho/inventory/generated/Shipmentorders`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const shipmentOrders = Shipmentorders.facade
/**
 * Zoho Inventory storage locations: `list`, `get`, `create`, `update`, `delete` and 20 other
 * operations (`configureCompositeItemDefaultStorage`, `getCompositeItemDefault`,
 * `configureItemDefault`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Storagelocations`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const storageLocations = Storagelocations.facade
/**
 * Zoho Inventory tasks: `list`, `get`, `create`, `update`, `delete` and 12 other operations
 * (`bulkUpdate`, `bulkDelete`, `addAttachment`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Tasks`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const tasks = Tasks.facade
/**
 * Zoho Inventory taxes: `list`, `get`, `create`, `update`, `delete` and 14 other operations
 * (`listAuthorities`, `createAuthority`, `getAuthority`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Taxes`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const taxes = Taxes.facade
/**
 * Zoho Inventory transfer orders: `list`, `get`, `create`, `update`, `delete` and 7 other operations
 * (`bulkDelete`, `approve`, `approveFinal`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Transferorders`: records in and out, no envelope
 * to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const transferOrders = Transferorders.facade
/**
 * Zoho Inventory units of measurement: `list`, `create`, `update`, `delete` and 9 other operations
 * (`listGroups`, `createGroup`, `getGroup`, …).
 * The `facade` of `@effect-zoho/inventory/generated/UnitOfMeasurement`: records in and out, no
 * envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const unitsOfMeasurement = UnitOfMeasurement.facade
/**
 * Zoho Inventory users: `list`, `get`, `create`, `update`, `delete` and 4 other operations
 * (`getCurrent`, `markAsActive`, `markAsInactive`, …).
 * The `facade` of `@effect-zoho/inventory/generated/Users`: records in and out, no envelope to unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const users = Users.facade
/**
 * Zoho Inventory vendor credits: `list`, `get`, `create`, `update`, `delete` and 16 other operations
 * (`listRefundsOfAll`, `approve`, `listVendorCreditedBills`, …).
 * The `facade` of `@effect-zoho/inventory/generated/VendorCredits`: records in and out, no envelope to
 * unwrap.
 *
 * @category modules
 * @since 0.1.0
 */
export const vendorCredits = VendorCredits.facade
