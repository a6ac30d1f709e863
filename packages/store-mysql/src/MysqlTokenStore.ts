/**
 * A `TokenStore` in MySQL or MariaDB, in the official Zoho SDKs' table layout, so tokens written
 * by a seed SDK are read here and the other way round:
 *
 * ```sql
 * CREATE TABLE oauthtoken (
 *   id varchar(10) NOT NULL PRIMARY KEY, user_name varchar(255), client_id varchar(255),
 *   client_secret varchar(255), refresh_token varchar(255), access_token varchar(255),
 *   grant_token varchar(255), expiry_time varchar(20), redirect_url varchar(255), api_domain varchar(255)
 * )
 * ```
 *
 * `expiry_time` holds epoch milliseconds as a string. Defaults follow the seed: host `localhost`,
 * port 3306, user `root`, empty password, database `zohooauth`, table `oauthtoken`. Database and
 * table names are validated as plain identifiers before any SQL runs; every value travels as a
 * query parameter.
 *
 * `withLock` is `GET_LOCK` / `RELEASE_LOCK` on one connection taken from the pool and held for
 * the whole critical section (a MySQL user lock belongs to its connection), so every process that
 * shares the table shares the lock. If that connection is lost while the lock is held (a server
 * restart), the server drops the lock with it.
 *
 * The pool reconnects by itself after a server restart: while the server is down every call
 * fails with `TokenStoreError` reason `Unavailable` (bounded by `connectTimeout`), and the first
 * call after it is back succeeds. Errors never quote the driver's message or the query's values.
 *
 * @since 0.1.0
 */
import { TokenStore, ZohoToken } from "@effect-zoho/core"
import { TokenStoreError } from "@effect-zoho/core/ZohoError"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Mysql from "mysql2/promise"
import {
  IDENTIFIER,
  isConnectionError,
  isTimeout,
  lockName,
  queryTimedOut,
  STORE,
  toStoreError
} from "./internal/mysql.js"

/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_HOST = "localhost"
/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_PORT = 3306
/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_USER = "root"
/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_DATABASE = "zohooauth"
/**
 * @category constants
 * @since 0.1.0
 */
export const DEFAULT_TABLE = "oauthtoken"

/**
 * How the store uses a table, whoever owns the pool.
 *
 * @category models
 * @since 0.1.0
 */
export interface TableOptions {
  /**
   * The database that holds the table. Default `zohooauth` for `layer`; for `layerFromPool` the
   * pool's own default database when omitted.
   */
  readonly database?: string | undefined
  /** The table. Default `oauthtoken`. */
  readonly table?: string | undefined
  /** Create the database and table when missing (`CREATE … IF NOT EXISTS`). Default false. */
  readonly createTable?: boolean | undefined
  /** How long `withLock` waits for a lock held elsewhere before failing with reason `Lock`. Default 60 seconds. */
  readonly lockTimeout?: Duration.DurationInput | undefined
  /** How long one query may take before it fails with reason `Unavailable`. Default 30 seconds. */
  readonly queryTimeout?: Duration.DurationInput | undefined
}

/**
 * Connection and table options for a pool this store creates and owns.
 *
 * @category models
 * @since 0.1.0
 */
export interface Options extends TableOptions {
  /**
   * `mysql://user:password@host:port/database`. Fields given separately win over the URL's.
   * Redacted because it may hold the password.
   */
  readonly url?: Redacted.Redacted<string> | undefined
  /** Default `localhost`. */
  readonly host?: string | undefined
  /** Default 3306. */
  readonly port?: number | undefined
  /** Default `root`. */
  readonly user?: string | undefined
  /** Default empty. */
  readonly password?: Redacted.Redacted<string> | undefined
  /** Most connections the pool opens (one per lock held is among them). Default 10. */
  readonly connectionLimit?: number | undefined
  /** How long to wait for a new connection; bounds how fast a down server is reported. Default 10 seconds. */
  readonly connectTimeout?: Duration.DurationInput | undefined
}

type Row = Record<string, unknown>

const columnList = ZohoToken.columns.map((column) => `\`${column}\``).join(", ")

const invalid = (message: string) => new TokenStoreError({ reason: "Invalid", store: STORE, message })

const identifier = (kind: string, value: string): Effect.Effect<string, TokenStoreError> =>
  IDENTIFIER.test(value)
    ? Effect.succeed(value)
    : Effect.fail(
      invalid(
        `The MySQL ${kind} name is not a plain identifier (letters, digits, _ and $, at most 64, not starting with a digit): ${
          JSON.stringify(value.slice(0, 80))
        }`
      )
    )

/**
 * The `CREATE TABLE` statement for the seed layout (nullable columns, case-sensitive ids).
 *
 * @category utils
 * @since 0.1.0
 */
export const createTableSql = (qualifiedTable: string): string =>
  `CREATE TABLE IF NOT EXISTS ${qualifiedTable} (
  \`id\` varchar(10) NOT NULL,
  \`user_name\` varchar(255) NULL,
  \`client_id\` varchar(255) NULL,
  \`client_secret\` varchar(255) NULL,
  \`refresh_token\` varchar(255) NULL,
  \`access_token\` varchar(255) NULL,
  \`grant_token\` varchar(255) NULL,
  \`expiry_time\` varchar(20) NULL,
  \`redirect_url\` varchar(255) NULL,
  \`api_domain\` varchar(255) NULL,
  PRIMARY KEY (\`id\`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`

/**
 * Builds a store over a pool the caller owns (the store never ends it). Validates the names and,
 * with `createTable`, creates the table; nothing else touches the server until the first call.
 *
 * @category constructors
 * @since 0.1.0
 */
export const make = (
  pool: Mysql.Pool,
  options: TableOptions = {}
): Effect.Effect<TokenStore.Service, TokenStoreError> =>
  Effect.gen(function*() {
    const database = options.database === undefined ? undefined : yield* identifier("database", options.database)
    const table = yield* identifier("table", options.table ?? DEFAULT_TABLE)
    const qualified = database === undefined ? `\`${table}\`` : `\`${database}\`.\`${table}\``
    const target = database === undefined ? `table ${table}` : `table ${database}.${table}`
    const lockTimeoutSeconds = Duration.toSeconds(Duration.decode(options.lockTimeout ?? "60 seconds"))
    const queryTimeout = Duration.toMillis(Duration.decode(options.queryTimeout ?? "30 seconds"))

    // One pooled connection per statement, returned to the pool only when it is known to be
    // healthy: after a connection error, a query timeout or an interruption mid-query it may
    // still carry a half-read answer, so it is destroyed instead.
    const onConnection = <A>(call: (connection: Mysql.PoolConnection) => Promise<A>) =>
      Effect.acquireUseRelease(
        Effect.tryPromise({ try: () => pool.getConnection(), catch: (error) => error }),
        (connection) =>
          Effect.tryPromise({ try: () => call(connection), catch: (error) => error }).pipe(
            // The driver's own query timeout does not cover the PREPARE of `execute`.
            Effect.timeoutFail({ duration: queryTimeout, onTimeout: queryTimedOut })
          ),
        (connection, exit) =>
          Effect.sync(() => {
            const reusable = Exit.isSuccess(exit) ||
              Option.match(Cause.failureOption(exit.cause), {
                onNone: () => false,
                onSome: (error) => !isConnectionError(error)
              })
            if (reusable) connection.release()
            else connection.destroy()
          })
      )

    // Every statement is idempotent, so one retry on a connection that died under it (an idle
    // pooled connection from before a server restart) is safe and hides nothing: if the server
    // is still down the retry fails too. A timeout is not retried, so a hung server is reported
    // within one queryTimeout (or connectTimeout).
    const run = <A>(
      action: string,
      call: (connection: Mysql.PoolConnection) => Promise<A>
    ): Effect.Effect<A, TokenStoreError> => {
      const once = onConnection(call)
      return once.pipe(
        Effect.catchIf((error) => isConnectionError(error) && !isTimeout(error), () => once),
        Effect.mapError(toStoreError(action, target))
      )
    }

    const select = (action: string, sql: string, params: ReadonlyArray<unknown>) =>
      run(
        action,
        (connection) => connection.execute<Array<Mysql.RowDataPacket>>(sql, params as Array<never>)
      ).pipe(Effect.map(([rows]) => rows as ReadonlyArray<Row>))

    const write = (action: string, sql: string, params: ReadonlyArray<unknown>) =>
      Effect.asVoid(
        run(
          action,
          (connection) => connection.execute<Mysql.ResultSetHeader>(sql, params as Array<never>)
        )
      )

    if (options.createTable === true) {
      if (database !== undefined) {
        yield* run("create the database for", (connection) =>
          connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``))
      }
      yield* run("create", (connection) =>
        connection.query(createTableSql(qualified)))
    }

    const decodeRow = (row: Row): Effect.Effect<ZohoToken.ZohoToken, TokenStoreError> => {
      const encoded: Record<string, string> = {}
      for (const column of ZohoToken.columns) {
        const value = row[column]
        if (value !== null && value !== undefined) encoded[column] = String(value)
      }
      return ZohoToken.decode(encoded).pipe(
        // Only where it failed: parse messages quote the actual values.
        Effect.mapError((error) => {
          const paths = ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join("."))
          return new TokenStoreError({
            reason: "Corrupt",
            store: STORE,
            message: `The row with id ${JSON.stringify(String(row.id))} in ${target} is not a valid token (at ${
              Array.from(new Set(paths)).join(", ") || "(row)"
            })`
          })
        })
      )
    }

    const decodeRows = (rows: ReadonlyArray<Row>) => Effect.forEach(rows, decodeRow)

    const encodeToken = (token: ZohoToken.ZohoToken): Effect.Effect<Array<string | null>, TokenStoreError> =>
      ZohoToken.encode(token).pipe(
        Effect.map((encoded) => {
          const record = encoded as Record<string, string | undefined>
          return ZohoToken.columns.map((column) => record[column] ?? null)
        }),
        Effect.mapError(() => invalid(`A token could not be encoded for ${target}`))
      )

    const upsert = `INSERT INTO ${qualified} (${columnList}) VALUES (${ZohoToken.columns.map(() => "?").join(", ")})
ON DUPLICATE KEY UPDATE ${
      ZohoToken.columns.filter((c) => c !== "id").map((c) => `\`${c}\` = VALUES(\`${c}\`)`).join(", ")
    }`

    // One waiter per key per process queues for GET_LOCK; the others wait here without holding
    // a pooled connection, so lock waiters cannot starve the queries of the lock holder.
    const keyLocks = new Map<string, Effect.Semaphore>()
    const keyMutex = (key: string) =>
      Effect.sync(() => {
        let semaphore = keyLocks.get(key)
        if (semaphore === undefined) {
          semaphore = Effect.unsafeMakeSemaphore(1)
          keyLocks.set(key, semaphore)
        }
        return semaphore
      })

    const getConnection = Effect.tryPromise({
      try: () => pool.getConnection(),
      catch: toStoreError("get a connection for a lock on", target)
    })

    // Ends the session on the server, which drops any lock it holds or waits for, then the socket.
    // Bounded, because it runs in a finalizer and the server may be hung.
    const discard = (connection: Mysql.PoolConnection) =>
      Effect.tryPromise(() => pool.query({ sql: "KILL ?", timeout: queryTimeout }, [connection.threadId])).pipe(
        Effect.timeout(queryTimeout),
        Effect.ignore,
        Effect.zipRight(Effect.sync(() => connection.destroy()))
      )

    const withLock = <A, E, R>(
      key: string,
      effect: Effect.Effect<A, E, R>
    ): Effect.Effect<A, E | TokenStoreError, R> => {
      const name = lockName(database ?? "", table, key)
      return Effect.flatMap(keyMutex(key), (semaphore) =>
        semaphore.withPermits(1)(
          Effect.suspend(() => {
            // Set from the driver's callback, so it is right even when interruption lands
            // between the answer and the next step.
            const state = { held: false, settled: false }
            return Effect.acquireUseRelease(
              getConnection,
              (connection) =>
                Effect.tryPromise({
                  try: () =>
                    connection.query<Array<Mysql.RowDataPacket>>(
                      { sql: "SELECT GET_LOCK(?, ?) AS acquired", timeout: (lockTimeoutSeconds + 30) * 1000 },
                      [name, lockTimeoutSeconds]
                    ).then(([rows]) => {
                      const acquired = rows[0]?.acquired
                      state.held = acquired === 1 || acquired === "1"
                      state.settled = true
                      return acquired
                    }),
                  catch: toStoreError(`take the lock ${name} for`, target)
                }).pipe(
                  Effect.flatMap((acquired): Effect.Effect<A, E | TokenStoreError, R> =>
                    state.held
                      ? effect
                      : Effect.fail(
                        new TokenStoreError({
                          reason: "Lock",
                          store: STORE,
                          message: acquired === null
                            ? `MySQL refused the lock ${name} on ${target}`
                            : `Timed out after ${lockTimeoutSeconds} s waiting for the lock ${name} on ${target}`
                        })
                      )
                  )
                ),
              (connection) => {
                if (state.held) {
                  return Effect.tryPromise(() =>
                    connection.query({ sql: "SELECT RELEASE_LOCK(?)", timeout: queryTimeout }, [name])
                  ).pipe(
                    Effect.timeout(queryTimeout),
                    Effect.matchEffect({
                      onFailure: () => discard(connection),
                      onSuccess: () => Effect.sync(() => connection.release())
                    })
                  )
                }
                // Timed out cleanly: the connection is fine. Otherwise GET_LOCK may still be
                // pending (interrupted while waiting) or its outcome is unknown.
                return state.settled ? Effect.sync(() => connection.release()) : discard(connection)
              }
            )
          })
        ))
    }

    return TokenStore.TokenStore.of({
      name: STORE,
      find: (key) =>
        select("read", `SELECT ${columnList} FROM ${qualified} WHERE \`client_id\` = ? ORDER BY \`id\``, [
          key.clientId
        ]).pipe(
          Effect.flatMap(decodeRows),
          Effect.map((tokens) => Option.fromNullable(tokens.find((token) => ZohoToken.matches(token, key))))
        ),
      findById: (id) =>
        select("read", `SELECT ${columnList} FROM ${qualified} WHERE \`id\` = ?`, [id]).pipe(
          Effect.flatMap((rows) => rows.length === 0 ? Effect.succeedNone : Effect.asSome(decodeRow(rows[0])))
        ),
      save: (token) => Effect.flatMap(encodeToken(token), (params) => write("write to", upsert, params)),
      delete: (id) => write("delete from", `DELETE FROM ${qualified} WHERE \`id\` = ?`, [id]),
      list: select("read", `SELECT ${columnList} FROM ${qualified} ORDER BY \`id\``, []).pipe(
        Effect.flatMap(decodeRows)
      ),
      deleteAll: write("empty", `DELETE FROM ${qualified}`, []),
      withLock
    })
  })

interface Connection {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly password: Redacted.Redacted<string>
  readonly database: string
}

const parseUrl = (url: Redacted.Redacted<string>): Effect.Effect<Partial<Connection>, TokenStoreError> =>
  Effect.try({
    try: () => {
      const parsed = new URL(Redacted.value(url))
      if (parsed.protocol !== "mysql:" && parsed.protocol !== "mariadb:") throw new Error("protocol")
      const out: { -readonly [K in keyof Connection]?: Connection[K] } = {}
      if (parsed.hostname !== "") out.host = parsed.hostname.replace(/^\[(.*)\]$/, "$1")
      if (parsed.port !== "") out.port = Number(parsed.port)
      if (parsed.username !== "") out.user = decodeURIComponent(parsed.username)
      if (parsed.password !== "") out.password = Redacted.make(decodeURIComponent(parsed.password))
      const path = decodeURIComponent(parsed.pathname.replace(/^\//, ""))
      if (path !== "") out.database = path
      return out
    },
    // Never quote the URL: it may hold the password.
    catch: () => invalid("The MySQL URL is not a valid mysql://user:password@host:port/database URL")
  })

/**
 * Creates a pool from `options`, owned by the returned scope: it is ended when the scope closes.
 *
 * @category constructors
 * @since 0.1.0
 */
export const makePool = (options: Options = {}): Effect.Effect<Mysql.Pool, TokenStoreError, Scope.Scope> =>
  Effect.gen(function*() {
    const fromUrl = options.url === undefined ? {} : yield* parseUrl(options.url)
    yield* identifier("database", options.database ?? fromUrl.database ?? DEFAULT_DATABASE)
    const port = options.port ?? fromUrl.port ?? DEFAULT_PORT
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      return yield* Effect.fail(invalid(`The MySQL port must be an integer from 1 to 65535, got ${port}`))
    }
    const password = options.password ?? fromUrl.password
    const config: Mysql.PoolOptions = {
      host: options.host ?? fromUrl.host ?? DEFAULT_HOST,
      port,
      user: options.user ?? fromUrl.user ?? DEFAULT_USER,
      password: password === undefined ? "" : Redacted.value(password),
      // No default database: every statement names it, so createTable can create it first.
      connectionLimit: options.connectionLimit ?? 10,
      connectTimeout: Duration.toMillis(Duration.decode(options.connectTimeout ?? "10 seconds")),
      waitForConnections: true,
      enableKeepAlive: true,
      charset: "utf8mb4"
    }
    return yield* Effect.acquireRelease(
      Effect.try({
        try: () => Mysql.createPool(config),
        catch: () => invalid("The MySQL pool options were rejected by the driver")
      }),
      (pool) => Effect.tryPromise(() => pool.end()).pipe(Effect.ignore)
    )
  })

const resolveTable = (options: Options): Effect.Effect<TableOptions, TokenStoreError> =>
  Effect.map(
    options.url === undefined ? Effect.succeed<Partial<Connection>>({}) : parseUrl(options.url),
    (fromUrl) => ({
      ...options,
      database: options.database ?? fromUrl.database ?? DEFAULT_DATABASE
    })
  )

/**
 * A store with its own pool: the pool is created when the layer is built and ended when it is
 * released.
 *
 * @example
 * ```ts
 * import { Zoho } from "@effect-zoho/core"
 * import { MysqlTokenStore } from "@effect-zoho/store-mysql"
 * import { Layer, Redacted } from "effect"
 *
 * // Every process of every machine shares the tokens, and a refresh takes a GET_LOCK, so one
 * // process refreshes while the others wait for its token.
 * const TokensLive = MysqlTokenStore.layer({
 *   url: Redacted.make("mysql://zoho:secret@db.internal:3306/zoho")
 * })
 *
 * // Still needs an HttpClient (Node's, or @effect-zoho/node's ZohoNodeHttp.layer()).
 * export const ZohoLive = Zoho.layerConfig().pipe(Layer.provide(TokensLive))
 * ```
 *
 * @category layers
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<TokenStore.TokenStore, TokenStoreError> =>
  Layer.scoped(
    TokenStore.TokenStore,
    Effect.gen(function*() {
      const table = yield* resolveTable(options)
      // Validate the names before a pool exists.
      yield* identifier("table", table.table ?? DEFAULT_TABLE)
      const pool = yield* makePool(options)
      return yield* make(pool, table)
    })
  )

/**
 * A store over a pool the caller created and still owns: the layer never ends it. Without
 * `options.database` the table is looked up in the pool's default database.
 *
 * @category layers
 * @since 0.1.0
 */
export const layerFromPool = (
  pool: Mysql.Pool,
  options: TableOptions = {}
): Layer.Layer<TokenStore.TokenStore, TokenStoreError> => Layer.effect(TokenStore.TokenStore, make(pool, options))

/**
 * The options from the environment: `ZOHO_MYSQL_URL` (redacted), or `ZOHO_MYSQL_HOST`,
 * `ZOHO_MYSQL_PORT`, `ZOHO_MYSQL_USER`, `ZOHO_MYSQL_PASSWORD` (redacted), `ZOHO_MYSQL_DATABASE`
 * (separate variables win over the URL's parts), plus `ZOHO_MYSQL_TABLE` and
 * `ZOHO_MYSQL_CREATE_TABLE` (boolean).
 *
 * @category config
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  url: Config.option(Config.redacted("ZOHO_MYSQL_URL")),
  host: Config.option(Config.string("ZOHO_MYSQL_HOST")),
  port: Config.option(Config.port("ZOHO_MYSQL_PORT")),
  user: Config.option(Config.string("ZOHO_MYSQL_USER")),
  password: Config.option(Config.redacted("ZOHO_MYSQL_PASSWORD")),
  database: Config.option(Config.string("ZOHO_MYSQL_DATABASE")),
  table: Config.option(Config.string("ZOHO_MYSQL_TABLE")),
  createTable: Config.boolean("ZOHO_MYSQL_CREATE_TABLE").pipe(Config.withDefault(false))
}).pipe(
  Config.map((values): Options => ({
    url: Option.getOrUndefined(values.url),
    host: Option.getOrUndefined(values.host),
    port: Option.getOrUndefined(values.port),
    user: Option.getOrUndefined(values.user),
    password: Option.getOrUndefined(values.password),
    database: Option.getOrUndefined(values.database),
    table: Option.getOrUndefined(values.table),
    createTable: values.createTable
  }))
)

/**
 * @category layers
 * @since 0.1.0
 */
export const layerConfig = (
  options: Config.Config<Options> = config
): Layer.Layer<TokenStore.TokenStore, TokenStoreError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(options, layer))

/**
 * True when `name` is accepted as a database or table name.
 *
 * @category guards
 * @since 0.1.0
 */
export const isValidIdentifier = (name: string): boolean => IDENTIFIER.test(name)
