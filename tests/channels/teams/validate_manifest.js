// Validates a Teams app manifest against the schema Microsoft's @microsoft/app-manifest
// package bundles for its manifestVersion (offline: nothing is fetched). Prints the errors as
// JSON and exits 1 when there are any. Usage: node validate_manifest.js manifest.json
"use strict";
const fs = require("fs");
const path = require("path");
const { ManifestUtil } = require("@microsoft/app-manifest");

const manifest = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const schemaPath = path.join(
  path.dirname(require.resolve("@microsoft/app-manifest/package.json")),
  "build", "json-schemas", "teams", `v${manifest.manifestVersion}`, "MicrosoftTeams.schema.json",
);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
Promise.resolve(ManifestUtil.validateManifestAgainstSchema(manifest, schema)).then((errors) => {
  process.stdout.write(JSON.stringify(errors) + "\n");
  process.exit(errors.length ? 1 : 0);
});
