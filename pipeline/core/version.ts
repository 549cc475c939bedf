// Bumped whenever decoding or extraction changes what comes out of the same bytes,
// so incremental runs know which stored reports to extract again.
export const EXTRACTOR_VERSION = '0.3.0';
