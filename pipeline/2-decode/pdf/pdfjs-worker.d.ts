// pdfjs-dist ships no types for its worker module; read.ts only hands the module to pdfjs.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
