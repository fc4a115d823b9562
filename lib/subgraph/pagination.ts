import { ClassType, Directive, Field, ArgsType, Int, ObjectType } from "type-graphql";
import { BadUserInputError } from "../platform/errors";
import { checkTexts } from "./validation";

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@Directive("@shareable")
@ObjectType({ description: "Where a page stands in its list, to ask for the next one." })
export class PageInfo {
  @Field({ description: "Whether more items follow this page." })
  hasNextPage!: boolean;

  @Field(_type => String, { nullable: true, description: "Cursor of the last item of this page: pass it as `after` to get the next page." })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(_type => Int, { defaultValue: DEFAULT_PAGE, description: `How many items to return, from 1 to ${MAX_PAGE}.` })
  first: number = DEFAULT_PAGE;

  @Field(_type => String, { nullable: true, description: "Return the items after this cursor (a `pageInfo.endCursor` or `edges.cursor`)." })
  after?: string | null;
}

export interface Page<T> {
  totalCount: number;
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Builds the `<Name>Connection` and `<Name>Edge` types of a list of `node` items. */
export function Connection<T extends object>(node: ClassType<T>, name: string, plural: string) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field({ description: "Opaque cursor of this item, to page from it." })
    cursor!: string;
    @Field(_type => node, { description: `The ${name}.` })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${plural}, with the total that match the filter.` })
  class ConnectionType implements Page<T> {
    @Field(_type => Int, { description: `How many ${plural} match the filter, on all pages.` })
    totalCount!: number;
    @Field(_type => [node], { description: `The ${plural} of this page.` })
    nodes!: T[];
    @Field(_type => [Edge], { description: `The ${plural} of this page, each with its cursor.` })
    edges!: Edge[];
    @Field(_type => PageInfo, { description: "Where this page stands in the list." })
    pageInfo!: PageInfo;
  }
  return ConnectionType;
}

const CURSOR_PREFIX = "v1:";

export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, "utf8").toString("base64url");
}

/** The id a cursor stands for; a cursor this graph did not issue is bad input. */
export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  if (!text.startsWith(CURSOR_PREFIX) || text.length === CURSOR_PREFIX.length || encodeCursor(text.slice(CURSOR_PREFIX.length)) !== cursor)
    throw new BadUserInputError("after", `"${cursor}" is not a cursor this graph issued; pass a pageInfo.endCursor or edges.cursor`);
  checkTexts("after", text);
  return text.slice(CURSOR_PREFIX.length);
}

/** Refuses a page size outside 1..max (MAX_PAGE unless a field allows fewer), naming `first`. */
export function checkPageSize(first: number, max = MAX_PAGE): number {
  if (!Number.isInteger(first) || first < 1 || first > max) throw new BadUserInputError("first", `must be between 1 and ${max}, got ${first}`);
  return first;
}

/** Checks the page arguments and returns what to fetch: the id to start after and how many rows. */
export function pageWindow(args: PageArgs): { afterId: string | null; limit: number } {
  const first = checkPageSize(args.first ?? DEFAULT_PAGE);
  return { afterId: args.after == null ? null : decodeCursor(args.after), limit: first };
}
