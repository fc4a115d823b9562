/** Who sends a request, as the gateway vouches for it: a partner, or nobody (a public read). */
export interface Caller {
  /** The partner's id in the gateway's partner store. */
  partnerId: string;
  /** An administrator may change every record, the sample data included. */
  admin: boolean;
}
