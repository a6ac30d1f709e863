/**
 * The error of input the records API refuses before sending anything: a typed `ZohoConfigError`
 * (`InvalidInput`), so callers tell it apart from anything Zoho answered.
 */
import { ZohoConfigError } from "@effect-zoho/core/ZohoError"

export const invalidInput = (message: string, input?: string) =>
  new ZohoConfigError({ reason: "InvalidInput", message, ...(input !== undefined ? { input } : {}) })
