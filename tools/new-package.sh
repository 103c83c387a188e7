#!/usr/bin/env bash
# Scaffolds packages/<name> with the house layout: package.json (ESM, exports map, sideEffects
# false), tsconfig, tsdown and vitest configs, src/index.ts. Usage: tools/new-package.sh name "description"
set -euo pipefail
name=$1; desc=$2; dir=packages/$name
mkdir -p "$dir/src" "$dir/test"
cat > "$dir/package.json" <<JSON
{
  "name": "@invest/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "type": "module",
  "sideEffects": false,
  "engines": {
    "node": ">=22.12"
  },
  "exports": {
    ".": {
      "types": "./dist/index.d.mts",
      "default": "./dist/index.mjs"
    },
    "./package.json": "./package.json"
  },
  "types": "./dist/index.d.mts",
  "files": [
    "dist",
    "README.md"
  ],
  "scripts": {
    "build": "tsdown",
    "typecheck": "tsc -p tsconfig.json",
    "lint:eslint": "eslint .",
    "lint:package": "publint --strict && attw --pack . --profile esm-only",
    "test": "vitest run"
  },
  "dependencies": {},
  "devDependencies": {}
}
JSON
cp packages/broker-core/tsconfig.json packages/broker-core/tsdown.config.ts packages/broker-core/vitest.config.ts "$dir/"
[ -f "$dir/src/index.ts" ] || echo 'export {};' > "$dir/src/index.ts"
