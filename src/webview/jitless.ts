import * as z from '../core/schemas/zod';

// zod compiles fast parsers with `new Function` where it may, and decides so when each schema
// is built; the webview's CSP forbids eval. Imported first, before any module builds a schema.
z.config({ jitless: true });
