/**
 * Credentials as the Databricks SDKs take them ("unified auth"): the attributes and where they are
 * read from in `auth/attributes.ts`, the chain of methods in `auth/chain.ts`, one file per family.
 */
export {
  ATTRIBUTES,
  type AuthConfig,
  type ClientSettings,
  type CredentialSources,
  parseIni,
  processSources,
  resolveAuthConfig,
  type SettingKey,
  whereToSet,
} from "./auth/attributes";
export { type AuthMethod, Authenticator, CHAIN, type ResolvedCredentials } from "./auth/chain";
