import { BlockList, isIP } from "node:net";
import { lookup } from "node:dns";
import type { LookupFunction } from "node:net";
import { BadUserInputError } from "../../../lib/platform/errors";

// Loopback, private, link-local (cloud metadata), shared, multicast and reserved ranges: never a partner's receiver.
const PRIVATE = new BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) PRIVATE.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of [["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const)
  PRIVATE.addSubnet(address, prefix, "ipv6");

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  return family === 0 || PRIVATE.check(address, family === 4 ? "ipv4" : "ipv6");
}

const LOCAL_NAMES = /(^|\.)(localhost|local|internal|localdomain|home\.arpa)$/i;
export const MAX_URL_LENGTH = 2000;

/** Checks a webhook URL as a partner gives it: http(s), no credentials, and unless allowed no local or private address. */
export function checkWebhookUrl(text: string, allowPrivate: boolean): string {
  const refuse = (problem: string) => new BadUserInputError("url", problem);
  if (text.length > MAX_URL_LENGTH) throw refuse(`must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refuse("is not a URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw refuse(`must be an http or https URL, not ${url.protocol}`);
  if (url.username || url.password) throw refuse("must not carry a user name or password");
  if (url.hash) throw refuse("must not have a #fragment");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && (isIP(host) ? isPrivateAddress(host) : LOCAL_NAMES.test(host) || !host.includes(".")))
    throw refuse(`must reach a public address: ${host} is local or private`);
  return url.toString();
}

/** A DNS lookup for deliveries that refuses a name resolving to a private address (a rebinding after the URL was checked). */
export const publicOnlyLookup =
  (allowPrivate: boolean): LookupFunction =>
  (hostname, options, callback) =>
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 4);
      const refused = allowPrivate ? undefined : addresses.find(entry => isPrivateAddress(entry.address));
      if (refused) return callback(new Error(`${hostname} resolves to a private address (${refused.address})`), "", 4);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
