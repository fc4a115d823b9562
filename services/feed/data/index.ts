/** The feed holds no sample records: it fills with the other subgraphs' writes. */
export const loadFeedSample = async (): Promise<void> => {};
