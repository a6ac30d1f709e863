/**
 * The full client stack over the in-memory simulator: what the integration tests run against.
 */
import { TokenStore, Zoho, ZohoUser } from "@effect-zoho/core";
import type * as ZohoClient from "@effect-zoho/core/ZohoClient";
import type * as ZohoThrottle from "@effect-zoho/core/ZohoThrottle";
import { SimHttpClient, SimSeed, Simulator } from "@effect-zoho/sim";
import * as Effect from "effect/Effect";
import * as Layer from "effect/Layer";
export declare const CLIENT_ID = "1000.SIMCLIENT";
export declare const CLIENT_SECRET = "sim-secret";
export declare const REFRESH_TOKEN = "1000.simrefresh";
export declare const GRANT_CODE = "1000.simgrant";
export declare const FINANCE_ORG = "800001";
export declare const refreshUser: ZohoUser.ZohoUser;
export declare const grantUser: ZohoUser.ZohoUser;
export interface StackOptions {
    readonly seed?: SimSeed.SimSeed | undefined;
    readonly user?: ZohoUser.ZohoUser | undefined;
    readonly client?: ZohoClient.Options | undefined;
    readonly throttle?: ZohoThrottle.Options | undefined;
    /** Requests that find nothing listening (refused before the simulator sees them). */
    readonly refuseConnections?: SimHttpClient.Options["refuseConnections"];
}
/**
 * A simulator plus the whole stack wired to it: `Simulator`, `TokenStore` (memory) and
 * `Zoho.Services`, all from one layer so a test can reach each of them.
 */
export declare const stack: (options?: StackOptions) => Effect.Effect<{
    simulator: Simulator.Service;
    store: TokenStore.Service;
    layer: Layer.Layer<Zoho.Services | Simulator.Simulator, never, never>;
}, never, never>;
//# sourceMappingURL=Stack.d.ts.map