// Array.prototype.push as the engine made it, kept before pdfjs loads. Imported ahead of pdfjs so
// that read.ts can put it back (see there).
export const NATIVE_PUSH = Array.prototype.push;
