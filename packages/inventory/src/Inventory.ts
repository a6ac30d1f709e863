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

/** @since 0.1.0 */
export const batches = Batches.facade
/** @since 0.1.0 */
export const bills = Bills.facade
/** @since 0.1.0 */
export const compositeItems = Compositeitems.facade
/** @since 0.1.0 */
export const contactPersons = ContactPersons.facade
/** @since 0.1.0 */
export const contacts = Contacts.facade
/** @since 0.1.0 */
export const creditNotes = CreditNotes.facade
/** @since 0.1.0 */
export const currencies = Currency.facade
/** @since 0.1.0 */
export const customerPayments = CustomerPayments.facade
/** @since 0.1.0 */
export const deliveryChallans = DeliveryChallans.facade
/** @since 0.1.0 */
export const inventoryAdjustments = Inventoryadjustments.facade
/** @since 0.1.0 */
export const invoices = Invoices.facade
/** @since 0.1.0 */
export const itemGroups = Itemgroups.facade
/** @since 0.1.0 */
export const items = Items.facade
/** @since 0.1.0 */
export const landedCosts = Landedcosts.facade
/** @since 0.1.0 */
export const locations = Locations.facade
/** @since 0.1.0 */
export const moveOrders = Moveorders.facade
/** @since 0.1.0 */
export const organizations = Organizations.facade
/** @since 0.1.0 */
export const packages = Packages.facade
/** @since 0.1.0 */
export const picklists = Picklists.facade
/** @since 0.1.0 */
export const priceLists = Pricelists.facade
/** @since 0.1.0 */
export const purchaseOrders = Purchaseorders.facade
/** @since 0.1.0 */
export const purchaseReceives = Purchasereceives.facade
/** @since 0.1.0 */
export const putaways = Putaways.facade
/** @since 0.1.0 */
export const replenishment = Replenishment.facade
/** @since 0.1.0 */
export const reportingTags = ReportingTags.facade
/** @since 0.1.0 */
export const retainerInvoices = RetainerInvoices.facade
/** @since 0.1.0 */
export const salesOrders = Salesorders.facade
/** @since 0.1.0 */
export const salesReturns = Salesreturns.facade
/** @since 0.1.0 */
export const serialNumbers = Serialnumbers.facade
/** @since 0.1.0 */
export const shipmentOrders = Shipmentorders.facade
/** @since 0.1.0 */
export const storageLocations = Storagelocations.facade
/** @since 0.1.0 */
export const tasks = Tasks.facade
/** @since 0.1.0 */
export const taxes = Taxes.facade
/** @since 0.1.0 */
export const transferOrders = Transferorders.facade
/** @since 0.1.0 */
export const unitsOfMeasurement = UnitOfMeasurement.facade
/** @since 0.1.0 */
export const users = Users.facade
/** @since 0.1.0 */
export const vendorCredits = VendorCredits.facade
