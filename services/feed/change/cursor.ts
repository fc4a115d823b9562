import { BadUserInputError } from "../../../lib/platform/errors";

const PREFIX = "feed:";

/** The opaque cursor of a feed position. */
export const encodeCursor = (position: string): string => Buffer.from(`${PREFIX}${position}`).toString("base64url");

/** The feed position of a cursor a client sent back; refused, naming `argument`, when it is not one of ours. */
export function decodeCursor(cursor: string, argument: string): string {
  const text = cursor.length <= 64 && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
  const position = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : "";
  if (!/^(0|[1-9]\d{0,17})$/.test(position)) throw new BadUserInputError(argument, "is not a cursor of the change feed: pass a `cursor` or `endCursor` it gave");
  return position;
}
