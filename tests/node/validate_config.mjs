// Validates a Continue config.yaml with Continue's own parser and validator.
// Usage: node validate_config.mjs FILE   -> prints {"ok": bool, "errors": [...], "models": [...]}
import { readFileSync } from "node:fs";
import { parseConfigYaml, validateConfigYaml } from "@continuedev/config-yaml";

const text = readFileSync(process.argv[2], "utf-8");
let out;
try {
  const config = parseConfigYaml(text);
  const errors = validateConfigYaml(config).map((e) => `${e.fatal ? "fatal" : "warning"}: ${e.message}`);
  out = {
    ok: errors.length === 0,
    errors,
    models: (config.models ?? []).map((m) => ({ name: m.name, provider: m.provider, roles: m.roles ?? null })),
  };
} catch (err) {
  out = { ok: false, errors: [String(err.message ?? err)], models: [] };
}
console.log(JSON.stringify(out));
process.exit(out.ok ? 0 : 1);
