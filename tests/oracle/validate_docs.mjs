// Test-only oracle: Mintlify's own docs.json validator (@mintlify/validation, never shipped).
// Usage: node validate_docs.mjs FILE... -> one JSON line per file: {"file", "success", "issues"}.
import fs from 'node:fs';
import path from 'node:path';
import { validateDocsConfig } from '@mintlify/validation';

// docs.json's `{"$ref": "./part.json"}` objects, inlined as Mintlify's CLI does before it validates.
function inline(value, dir, depth = 0) {
  if (Array.isArray(value)) return value.map((v) => inline(v, dir, depth));
  if (value && typeof value === 'object') {
    if (typeof value.$ref === 'string' && depth < 8) {
      const file = path.resolve(dir, value.$ref);
      return inline(JSON.parse(fs.readFileSync(file, 'utf8')), path.dirname(file), depth + 1);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v, dir, depth)]));
  }
  return value;
}

for (const file of process.argv.slice(2)) {
  let out;
  try {
    const r = validateDocsConfig(
      inline(JSON.parse(fs.readFileSync(file, 'utf8')), path.dirname(path.resolve(file))),
    );
    const issues = (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);
    out = { file, success: Boolean(r.success), issues };
  } catch (err) {
    out = { file, success: false, issues: [String(err)] };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
