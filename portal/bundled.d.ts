// The schema's description, made from schema/api.graphql when the gateway bundles the page (gateway/portal.ts).
declare module "portal:schema" {
  const schema: import("./schema").PortalSchema;
  export default schema;
}
