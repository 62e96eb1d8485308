// config/fabricTools.ts: where the program finds cryptogen, configtxgen and configtxlator.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findFabricTools } from "../config";

describe("finding the Fabric tools", () => {
    it("names the missing tools and the install command", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-tools-"));
        assert.throws(
            () => findFabricTools(empty, { PATH: empty }),
            {
                message: `Fabric tools not found: cryptogen, configtxgen, configtxlator (looked in ${path.join(empty, ".fabric", "bin")} and PATH); run \`npm run tools\` to install Fabric 2.5.12's tools into .fabric/bin, or set FABRIC_BIN to a folder that has them`,
            },
        );
    });
    it("prefers FABRIC_BIN, then the project's .fabric/bin, then PATH", () => {
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "proj-"));
        fs.mkdirSync(path.join(project, ".fabric", "bin"), { recursive: true });
        for (const t of ["cryptogen", "configtxgen", "configtxlator"]) {
            fs.writeFileSync(path.join(project, ".fabric", "bin", t), "", { mode: 0o755 });
        }
        const stubBin = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-stub-bin-"));
        for (const t of ["cryptogen", "configtxgen", "configtxlator"]) {
            fs.writeFileSync(path.join(stubBin, t), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
        }
        assert.equal(findFabricTools(project, { PATH: stubBin }).cryptogen, path.join(project, ".fabric", "bin", "cryptogen"));
        assert.equal(findFabricTools(project, { PATH: "", FABRIC_BIN: stubBin }).configtxgen, path.join(stubBin, "configtxgen"));
        const bare = fs.mkdtempSync(path.join(os.tmpdir(), "proj-"));
        assert.equal(findFabricTools(bare, { PATH: stubBin }).configtxlator, path.join(stubBin, "configtxlator"));
    });
});
