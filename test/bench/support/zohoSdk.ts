/**
 * Zoho's official CRM SDK (`@zohocrm/nodejs-sdk-8.0`) for the Calls bench, when it is installed
 * outside the repository (never a dependency): `ZOHO_SDK_DIR` names the `node_modules` folder
 * that holds it (`mkdir /tmp/zsdk && cd /tmp/zsdk && npm i @zohocrm/nodejs-sdk-8.0`, then
 * `ZOHO_SDK_DIR=/tmp/zsdk/node_modules pnpm bench`); without it the bare package name is tried.
 *
 * The SDK is pointed at the simulator with its own `Environment` class (API URL, accounts token
 * URL, upload URL): its data-center table maps only Zoho's hosts, and an unknown `api_domain`
 * leaves the given environment in place. It is set up for its cheapest call: tokens kept in
 * memory (its default file store reads a file per request), no user lookup, no field refresh,
 * no picklist validation, logging off. It fetches the Leads field metadata once, before timing.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import { CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN } from "./benchWorld.js"

export const SDK_PACKAGE = "@zohocrm/nodejs-sdk-8.0"

/** The SDK's token, as far as the store below uses it. */
interface SdkToken {
  getId(): string | null
  setId(id: string): void
  getClientId(): string | null
  getRefreshToken(): string | null
}

interface Params {
  add(param: unknown, value: unknown): Promise<void>
}

/** The part of the SDK's (untyped JavaScript) module the bench uses. */
interface SdkModule {
  readonly Environment: new(url: string, accountsUrl: string, fileUploadUrl: string) => unknown
  readonly OAuthBuilder: new() => OAuthBuilder
  readonly LogBuilder: new() => {
    level(v: string): { filePath(p: string): { build(): unknown } }
  }
  readonly Levels: { readonly OFF: string }
  readonly SDKConfigBuilder: new() => {
    pickListValidation(v: boolean): { autoRefreshFields(v: boolean): { build(): unknown } }
  }
  readonly InitializeBuilder: new() => Promise<InitializeBuilder>
  readonly TokenStore: { readonly TokenStore: new() => object }
  readonly ParameterMap: new() => Params
  readonly HeaderMap: new() => object
  readonly Record: {
    readonly RecordOperations: new(module: string) => {
      getRecords(params: Params, headers: object): Promise<{ getStatusCode(): number; getObject(): unknown }>
    }
    readonly GetRecordsParam: { readonly FIELDS: unknown; readonly PER_PAGE: unknown }
    readonly ResponseWrapper: new() => { getData(): ReadonlyArray<unknown> }
  }
}

interface OAuthBuilder {
  clientId(v: string): OAuthBuilder
  clientSecret(v: string): OAuthBuilder
  refreshToken(v: string): OAuthBuilder
  findUser(v: boolean): OAuthBuilder
  build(): unknown
}

interface InitializeBuilder {
  environment(v: unknown): InitializeBuilder
  token(v: unknown): InitializeBuilder
  store(v: unknown): InitializeBuilder
  SDKConfig(v: unknown): InitializeBuilder
  resourcePath(v: string): InitializeBuilder
  logger(v: unknown): InitializeBuilder
  initialize(): Promise<void>
}

const load = async (): Promise<SdkModule | string> => {
  const dir = process.env.ZOHO_SDK_DIR
  const target = dir === undefined
    ? SDK_PACKAGE
    : pathToFileURL(Path.join(dir, SDK_PACKAGE, "lib", "index.js")).href
  try {
    return await import(/* @vite-ignore */ target) as SdkModule
  } catch (error) {
    return dir === undefined
      ? `${SDK_PACKAGE} is not installed (set ZOHO_SDK_DIR to the node_modules holding it): the official SDK comparison is skipped`
      : `${SDK_PACKAGE} not loaded from ZOHO_SDK_DIR=${dir} (${String(error)}): the official SDK comparison is skipped`
  }
}

/**
 * One list call through the SDK, resolving with the number of records, once the SDK is set up
 * against the simulator at `url`; or why it is not available.
 */
export const officialSdkCall = async (
  url: string,
  resourceDir: string,
  fields: ReadonlyArray<string>,
  perPage: number
): Promise<{ readonly call: () => Promise<number>; readonly version: string } | string> => {
  const Z = await load()
  if (typeof Z === "string") return Z

  /** Tokens in memory: the SDK's cheapest store. */
  class MemoryStore extends Z.TokenStore.TokenStore {
    readonly tokens = new Map<string, SdkToken>()
    findToken(token: SdkToken) {
      for (const t of this.tokens.values()) {
        if (t.getClientId() === token.getClientId() && t.getRefreshToken() === token.getRefreshToken()) {
          return Promise.resolve(t)
        }
      }
      return Promise.resolve(null)
    }
    findTokenById(id: string) {
      return Promise.resolve(this.tokens.get(id) ?? null)
    }
    saveToken(token: SdkToken) {
      if (token.getId() === null) token.setId(String(this.tokens.size + 1))
      this.tokens.set(token.getId()!, token)
      return Promise.resolve()
    }
    deleteToken(id: string) {
      this.tokens.delete(id)
      return Promise.resolve()
    }
    getTokens() {
      return Promise.resolve([...this.tokens.values()])
    }
    deleteTokens() {
      this.tokens.clear()
      return Promise.resolve()
    }
  }

  Fs.mkdirSync(resourceDir, { recursive: true })
  const token = new Z.OAuthBuilder().clientId(CLIENT_ID).clientSecret(CLIENT_SECRET).refreshToken(REFRESH_TOKEN)
    .findUser(false).build()
  const builder = await new Z.InitializeBuilder()
  await builder
    .environment(new Z.Environment(url, `${url}/oauth/v2/token`, url))
    .token(token)
    .store(new MemoryStore())
    .SDKConfig(new Z.SDKConfigBuilder().pickListValidation(false).autoRefreshFields(false).build())
    .resourcePath(resourceDir)
    .logger(new Z.LogBuilder().level(Z.Levels.OFF).filePath(Path.join(resourceDir, "sdk.log")).build())
    .initialize()

  const call = async (): Promise<number> => {
    const params = new Z.ParameterMap()
    await params.add(Z.Record.GetRecordsParam.FIELDS, fields.join(","))
    await params.add(Z.Record.GetRecordsParam.PER_PAGE, perPage)
    const response = await new Z.Record.RecordOperations("Leads").getRecords(params, new Z.HeaderMap())
    const body = response.getObject()
    if (!(body instanceof Z.Record.ResponseWrapper)) {
      throw new Error(`the SDK's list call answered ${response.getStatusCode()}`)
    }
    return body.getData().length
  }
  const manifest = process.env.ZOHO_SDK_DIR === undefined
    ? undefined
    : Path.join(process.env.ZOHO_SDK_DIR, SDK_PACKAGE, "package.json")
  const version = manifest !== undefined && Fs.existsSync(manifest)
    ? (JSON.parse(Fs.readFileSync(manifest, "utf8")) as { version: string }).version
    : "unknown version"
  return { call, version }
}
