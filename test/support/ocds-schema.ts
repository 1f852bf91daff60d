/**
 * A validator for OCDS release packages: the release package schema, and the
 * release schema merged with the metrics and sustainability extensions (JSON
 * Merge Patch, as OCDS tools merge them), all JSON Schema draft 4, from
 * reference/ocds/.
 */
import { readFileSync } from 'node:fs';
import AjvDraft04 from 'ajv-draft-04';
import formats from 'ajv-formats';

interface Validator {
  addSchema(schema: object): unknown;
  compile(schema: object): ValidateFunction;
}
// CommonJS modules with a default export: under ESM the class and the function sit on .default.
const Ajv = (AjvDraft04 as unknown as { default: new (options: object) => Validator }).default;
const addFormats = (formats as unknown as { default: (ajv: Validator) => void }).default;
import type { ValidateFunction } from 'ajv';
import mergePatch from 'json-merge-patch';

const read = (path: string) => JSON.parse(readFileSync(new URL(`../../reference/ocds/${path}`, import.meta.url), 'utf8'));

export function releasePackageValidator() {
  const release = ['extensions/metrics/release-schema.json', 'extensions/sustainability/release-schema.json'].reduce(
    (schema, extension) => mergePatch.apply(schema, read(extension)),
    read('release-schema.json'),
  );
  // OCDS schemas carry their own keywords (codelist, openCodelist, omitWhenMerged …): not strict about unknown ones.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(release);
  return ajv.compile(read('release-package-schema.json'));
}
