import { MemoryTokenStore, ZohoAuth, ZohoConfig, ZohoOAuth } from "@effect-zoho/core"
import { SystemError } from "@effect/platform/Error"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpClient from "@effect/platform/HttpClient"
import { assert, describe, it } from "@effect/vitest"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { CLIENT_ID, CLIENT_SECRET, FakeAccounts } from "./fixtures/FakeAccounts.js"

const read = <A>(config: Config.Config<A>, env: Record<string, string>) =>
  Effect.withConfigProvider(config, ConfigProvider.fromMap(new Map(Object.entries(env))))

const client = { ZOHO_CLIENT_ID: CLIENT_ID, ZOHO_CLIENT_SECRET: CLIENT_SECRET }

describe("ZohoConfig", () => {
  describe("credentials", () => {
    it.effect("nothing set is a ConfigError naming the variables to set", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(read(ZohoConfig.credentials, { ZOHO_CLIENT_ID: CLIENT_ID }))
        const message = String(error)
        for (
          const name of ["ZOHO_TOKEN_ID", "ZOHO_REFRESH_TOKEN", "ZOHO_GRANT_CODE", "ZOHO_SOID", "ZOHO_ACCESS_TOKEN"]
        ) {
          assert.include(message, name)
        }
      }))

    it.effect("a refresh token makes the refresh-token flow, secrets redacted", () =>
      Effect.gen(function*() {
        const c = yield* read(ZohoConfig.credentials, {
          ...client,
          ZOHO_REFRESH_TOKEN: "1000.refresh.secret",
          ZOHO_USER_NAME: "alice@example.com"
        })
        assert.strictEqual(c._tag, "RefreshToken")
        if (c._tag !== "RefreshToken") return
        assert.strictEqual(c.clientId, CLIENT_ID)
        assert.strictEqual(Redacted.value(c.refreshToken), "1000.refresh.secret")
        assert.strictEqual(Redacted.value(c.clientSecret), CLIENT_SECRET)
        assert.strictEqual(c.userName, "alice@example.com")
        assert.notInclude(String(c.refreshToken), "1000.refresh.secret")
        assert.notInclude(JSON.stringify(c), CLIENT_SECRET)
      }))

    it.effect("precedence: token id, refresh token, grant code, soid, access token", () =>
      Effect.gen(function*() {
        const all = {
          ...client,
          ZOHO_TOKEN_ID: "tok1",
          ZOHO_REFRESH_TOKEN: "r",
          ZOHO_GRANT_CODE: "g",
          ZOHO_SOID: "ZohoCRM.1",
          ZOHO_SCOPES: "ZohoCRM.modules.ALL",
          ZOHO_ACCESS_TOKEN: "a"
        }
        const order = ["ZOHO_TOKEN_ID", "ZOHO_REFRESH_TOKEN", "ZOHO_GRANT_CODE", "ZOHO_SOID", "ZOHO_ACCESS_TOKEN"]
        const tags = ["StoredId", "RefreshToken", "GrantCode", "ClientCredentials", "AccessToken"]
        for (let i = 0; i < order.length; i++) {
          const env: Record<string, string> = { ...all }
          for (const earlier of order.slice(0, i)) delete env[earlier]
          const c = yield* read(ZohoConfig.credentials, env)
          assert.strictEqual(c._tag, tags[i])
        }
      }))

    it.effect("empty values count as unset", () =>
      Effect.gen(function*() {
        const c = yield* read(ZohoConfig.credentials, {
          ...client,
          ZOHO_TOKEN_ID: "",
          ZOHO_REFRESH_TOKEN: "  ",
          ZOHO_GRANT_CODE: "g"
        })
        assert.strictEqual(c._tag, "GrantCode")
      }))

    it.effect("grant code with redirect URL", () =>
      Effect.gen(function*() {
        const c = yield* read(ZohoConfig.credentials, {
          ...client,
          ZOHO_GRANT_CODE: "1000.code",
          ZOHO_REDIRECT_URL: "https://app.example.com/cb"
        })
        assert.strictEqual(c._tag, "GrantCode")
        if (c._tag === "GrantCode") {
          assert.strictEqual(c.redirectUrl, "https://app.example.com/cb")
          assert.strictEqual(Redacted.value(c.grantCode), "1000.code")
        }
      }))

    it.effect("client credentials split the scopes", () =>
      Effect.gen(function*() {
        const c = yield* read(ZohoConfig.credentials, {
          ...client,
          ZOHO_SOID: "ZohoCRM.42",
          ZOHO_SCOPES: "ZohoCRM.modules.ALL, ZohoCRM.settings.READ"
        })
        assert.strictEqual(c._tag, "ClientCredentials")
        if (c._tag === "ClientCredentials") {
          assert.deepStrictEqual(c.scopes, ["ZohoCRM.modules.ALL", "ZohoCRM.settings.READ"])
          assert.strictEqual(c.soid, "ZohoCRM.42")
        }
      }))

    it.effect("a flow without its companions says which are missing", () =>
      Effect.gen(function*() {
        const noSecret = yield* Effect.flip(
          read(ZohoConfig.credentials, { ZOHO_CLIENT_ID: CLIENT_ID, ZOHO_REFRESH_TOKEN: "r" })
        )
        assert.include(String(noSecret), "ZOHO_CLIENT_SECRET")
        assert.notInclude(String(noSecret), "ZOHO_CLIENT_ID must")
        const noScopes = yield* Effect.flip(read(ZohoConfig.credentials, { ...client, ZOHO_SOID: "ZohoCRM.1" }))
        assert.include(String(noScopes), "ZOHO_SCOPES")
      }))

    it.effect("secrets never show in a config error", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(read(ZohoConfig.credentials, { ZOHO_REFRESH_TOKEN: "1000.refresh.secret" }))
        assert.notInclude(String(error), "1000.refresh.secret")
      }))
  })

  describe("region", () => {
    it.effect("defaults to US production", () =>
      Effect.gen(function*() {
        const region = yield* read(ZohoConfig.region, {})
        assert.strictEqual(region.dc, "US")
        assert.strictEqual(region.environment, "production")
        assert.strictEqual(region.apiUrl, "https://www.zohoapis.com")
      }))

    it.effect("resolves ZOHO_REGION and ZOHO_ENVIRONMENT", () =>
      Effect.gen(function*() {
        const region = yield* read(ZohoConfig.region, { ZOHO_REGION: "Europe", ZOHO_ENVIRONMENT: "Sandbox" })
        assert.strictEqual(region.dc, "EU")
        assert.strictEqual(region.apiUrl, "https://sandbox.zohoapis.eu")
        assert.strictEqual(region.accountsUrl, "https://accounts.zoho.eu")
      }))

    it.effect("an unknown region is a ConfigError with the choices", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(read(ZohoConfig.region, { ZOHO_REGION: "atlantis" }))
        const message = String(error)
        assert.include(message, "atlantis")
        assert.include(message, "https://accounts.zohocloud.ca")
        assert.include(message, "eu")
      }))

    it.effect("an unknown environment is a ConfigError", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(read(ZohoConfig.region, { ZOHO_ENVIRONMENT: "staging" }))
        assert.include(String(error), "developer")
      }))

    it.effect("a Zoho accounts URL picks the data center", () =>
      Effect.gen(function*() {
        const region = yield* read(ZohoConfig.region, { ZOHO_ACCOUNTS_URL: "https://accounts.zohocloud.ca" })
        assert.strictEqual(region.dc, "CA")
        assert.strictEqual(region.apiUrl, "https://www.zohoapis.ca")
      }))

    it.effect("a simulator URL overrides the hosts and keeps ZOHO_REGION's data center", () =>
      Effect.gen(function*() {
        const region = yield* read(ZohoConfig.region, {
          ZOHO_REGION: "in",
          ZOHO_ACCOUNTS_URL: "http://127.0.0.1:4010/",
          ZOHO_API_URL: "http://127.0.0.1:4010"
        })
        assert.strictEqual(region.dc, "IN")
        assert.strictEqual(region.accountsUrl, "http://127.0.0.1:4010")
        assert.strictEqual(region.apiUrl, "http://127.0.0.1:4010")
        assert.strictEqual(region.uploadUrl, "http://127.0.0.1:4010")
      }))
  })

  it.effect("user: credentials, org id and key", () =>
    Effect.gen(function*() {
      const user = yield* read(ZohoConfig.user, {
        ZOHO_ACCESS_TOKEN: "a",
        ZOHO_ORG_ID: "60012345",
        ZOHO_USER_KEY: "main"
      })
      assert.strictEqual(user.key, "main")
      assert.strictEqual(user.organizationId, "60012345")
      assert.strictEqual(user.credentials._tag, "AccessToken")
      const tokenFile = yield* read(ZohoConfig.tokenFile, { ZOHO_TOKEN_FILE: "/tmp/tokens.json" })
      assert.deepStrictEqual(tokenFile._tag === "Some" ? tokenFile.value : undefined, "/tmp/tokens.json")
    }))

  describe("dotEnv", () => {
    const file = [
      "# Zoho settings",
      "export ZOHO_CLIENT_ID=1000.FROMFILE",
      "ZOHO_CLIENT_SECRET=\"quoted # not a comment\"",
      "ZOHO_REFRESH_TOKEN='single'  # trailing comment",
      "ZOHO_REDIRECT_URL=https://app.example.com/cb # comment",
      "ZOHO_MULTI=\"line one\\nline two\"",
      "ZOHO_EMPTY=",
      "not a line",
      "ZOHO_TEST_OVERRIDE=from-file",
      ""
    ].join("\r\n")

    const fs = (content: string | undefined) =>
      FileSystem.layerNoop({
        readFileString: (path) =>
          content === undefined
            ? Effect.fail(
              new SystemError({
                reason: "NotFound",
                module: "FileSystem",
                method: "readFileString",
                pathOrDescriptor: path
              })
            )
            : Effect.succeed(content)
      })

    it.effect("parses KEY=VALUE, comments, quotes and export", () =>
      Effect.gen(function*() {
        const provider = yield* ZohoConfig.dotEnv(".env")
        const get = (name: string) => Effect.withConfigProvider(Config.string(name), provider)
        assert.strictEqual(yield* get("ZOHO_CLIENT_ID"), "1000.FROMFILE")
        assert.strictEqual(yield* get("ZOHO_CLIENT_SECRET"), "quoted # not a comment")
        assert.strictEqual(yield* get("ZOHO_REFRESH_TOKEN"), "single")
        assert.strictEqual(yield* get("ZOHO_REDIRECT_URL"), "https://app.example.com/cb")
        assert.strictEqual(yield* get("ZOHO_MULTI"), "line one\nline two")
        assert.strictEqual(yield* get("ZOHO_EMPTY"), "")
        const creds = yield* Effect.withConfigProvider(ZohoConfig.credentials, provider)
        assert.strictEqual(creds._tag, "RefreshToken")
      }).pipe(Effect.provide(fs(file))))

    it.effect("the environment wins over the file", () =>
      Effect.gen(function*() {
        process.env.ZOHO_TEST_OVERRIDE = "from-env"
        try {
          const provider = yield* ZohoConfig.dotEnv()
          assert.strictEqual(
            yield* Effect.withConfigProvider(Config.string("ZOHO_TEST_OVERRIDE"), provider),
            "from-env"
          )
        } finally {
          delete process.env.ZOHO_TEST_OVERRIDE
        }
      }).pipe(Effect.provide(fs(file))))

    it.effect("a missing file is the environment alone", () =>
      Effect.gen(function*() {
        const provider = yield* ZohoConfig.dotEnv("missing.env")
        const error = yield* Effect.flip(
          Effect.withConfigProvider(Config.string("ZOHO_CLIENT_ID_NOT_SET_ANYWHERE"), provider)
        )
        assert.include(String(error), "ZOHO_CLIENT_ID_NOT_SET_ANYWHERE")
      }).pipe(Effect.provide(fs(undefined))))

    it.effect("an unreadable file is a ZohoConfigError", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(ZohoConfig.dotEnv(".env"))
        assert.strictEqual(error._tag, "ZohoConfigError")
        assert.include(error.message, ".env")
      }).pipe(
        Effect.provide(
          FileSystem.layerNoop({
            readFileString: (path) =>
              Effect.fail(
                new SystemError({
                  reason: "PermissionDenied",
                  module: "FileSystem",
                  method: "readFileString",
                  pathOrDescriptor: path
                })
              )
          })
        )
      ))
  })

  it.scoped("ZohoAuth.layerConfig builds the auth service from configuration", () =>
    Effect.gen(function*() {
      const fake = new FakeAccounts()
      fake.refreshTokens.set("1000.refresh.cfg", "https://www.zohoapis.eu")
      const provider = ConfigProvider.fromMap(
        new Map(Object.entries({ ...client, ZOHO_REFRESH_TOKEN: "1000.refresh.cfg", ZOHO_REGION: "eu" }))
      )
      const layer = ZohoAuth.layerConfig().pipe(
        Layer.provide(ZohoOAuth.layer()),
        Layer.provide(MemoryTokenStore.layer),
        Layer.provide(Layer.succeed(HttpClient.HttpClient, fake.client)),
        Layer.provide(Layer.setConfigProvider(provider))
      )
      const token = yield* Effect.flatMap(ZohoAuth.ZohoAuth, (auth) => auth.accessToken).pipe(Effect.provide(layer))
      assert.strictEqual(Redacted.value(token.token), "1000.access.1")
      assert.strictEqual(fake.requests[0].url, "https://accounts.zoho.eu/oauth/v2/token")
      assert.strictEqual(token.region.apiUrl, "https://www.zohoapis.eu")
    }))

  it.effect("ZohoAuth.layerConfig without credentials fails with the ConfigError", () =>
    Effect.gen(function*() {
      const layer = ZohoAuth.layerConfig().pipe(
        Layer.provide(ZohoOAuth.layer()),
        Layer.provide(MemoryTokenStore.layer),
        Layer.provide(Layer.succeed(HttpClient.HttpClient, new FakeAccounts().client)),
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map())))
      )
      const error = yield* Effect.flip(Effect.scoped(Layer.build(layer)))
      assert.include(String(error), "ZOHO_REFRESH_TOKEN")
    }))

  describe("bad values (issue 8.9)", () => {
    it.effect("a host override without an http(s) scheme is a ConfigError naming the variable", () =>
      Effect.gen(function*() {
        for (
          const [name, value] of [
            ["ZOHO_ACCOUNTS_URL", "accounts.zoho.eu"],
            ["ZOHO_API_URL", "ftp://files.example.com"],
            ["ZOHO_UPLOAD_URL", "content.zohoapis.com"]
          ] as const
        ) {
          const error = yield* Effect.flip(read(ZohoConfig.region, { [name]: value }))
          assert.include(String(error), name)
          assert.include(String(error), "absolute URL")
        }
      }))

    it.effect("ZOHO_ORG_ID must be numeric; surrounding whitespace is trimmed, blank is unset", () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(
          yield* read(ZohoConfig.organizationId, { ZOHO_ORG_ID: " 800001\r\n" }),
          Option.some("800001")
        )
        assert.deepStrictEqual(yield* read(ZohoConfig.organizationId, { ZOHO_ORG_ID: " " }), Option.none())
        for (const bad of ["800001\r\nX-Injected: 1", "80 0001", "org1", "-1"]) {
          const error = yield* Effect.flip(read(ZohoConfig.organizationId, { ZOHO_ORG_ID: bad }))
          assert.include(String(error), "ZOHO_ORG_ID")
        }
      }))

    it.effect("ZohoAuth.layerConfig turns a bad value into ZohoConfigError before any request", () =>
      Effect.gen(function*() {
        const fake = new FakeAccounts()
        for (
          const vars of [
            { ZOHO_ACCOUNTS_URL: "accounts.zoho.eu" },
            { ZOHO_ORG_ID: "80\n0001" },
            { ZOHO_ENVIRONMENT: "staging" }
          ]
        ) {
          const layer = ZohoAuth.layerConfig().pipe(
            Layer.provide(ZohoOAuth.layer()),
            Layer.provide(MemoryTokenStore.layer),
            Layer.provide(Layer.succeed(HttpClient.HttpClient, fake.client)),
            Layer.provide(Layer.setConfigProvider(
              ConfigProvider.fromMap(new Map(Object.entries({ ...client, ZOHO_REFRESH_TOKEN: "r", ...vars })))
            ))
          )
          const error = yield* Effect.flip(Effect.scoped(Layer.build(layer)))
          assert.strictEqual(error._tag, "ZohoConfigError", String(error))
          if (error._tag === "ZohoConfigError") assert.strictEqual(error.reason, "InvalidInput")
        }
        assert.strictEqual(fake.requests.length, 0)
      }))
  })
})
