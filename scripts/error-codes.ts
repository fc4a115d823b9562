import { writeFileSync } from "node:fs";
import path from "node:path";
import { errorCodesMarkdown } from "../lib/platform/error-codes";

/** Where the catalogue of error codes is printed for readers. */
export const ERROR_CODES_DOC = path.resolve(__dirname, "../docs/error-codes.md");

if (require.main === module) {
  writeFileSync(ERROR_CODES_DOC, errorCodesMarkdown());
  console.log(`wrote ${path.relative(process.cwd(), ERROR_CODES_DOC)}`);
}
