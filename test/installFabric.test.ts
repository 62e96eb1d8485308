// scripts/install-fabric-tools.sh on a machine without Fabric: the release-archive path, pointed at an
// archive this test makes (a release layout with tiny shell-script "binaries"), the checksum check, the
// release folder reused, and the one message when everything fails. Runs with a PATH holding only the
// commands the script needs (no Fabric tools, no Go), so it behaves as on a clean machine.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ROOT } from "./helpers";

const SCRIPT = path.join(ROOT, "scripts", "install-fabric-tools.sh");
const HOME_SCRIPT = path.join(ROOT, "scripts", "fabric-home.sh");
const TOOLS = ["cryptogen", "configtxgen", "configtxlator"];
const NEEDED = ["bash", "curl", "tar", "gzip", "sha256sum", "mktemp", "rm", "mkdir", "mv", "cp", "chmod", "dirname", "uname", "tr", "cut", "tail", "head", "readlink", "sed", "cat", "paste"];

let work: string;
let pathDir: string;
let archive: string;

/** A fake Fabric release folder: every file the project uses, each binary a script naming itself. */
function fakeRelease(dir: string, { builders = true } = {}) {
    const script = (file: string, body: string) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    };
    for (const b of ["peer", "orderer", ...TOOLS]) script(path.join(dir, "bin", b), `echo "fake ${b} 2.5.12 $*"`);
    if (builders) for (const b of ["build", "detect", "release"]) script(path.join(dir, "builders", "ccaas", "bin", b), "exit 0");
    fs.mkdirSync(path.join(dir, "config"), { recursive: true });
    for (const f of ["core.yaml", "orderer.yaml", "configtx.yaml"]) fs.writeFileSync(path.join(dir, "config", f), `# fake ${f}\n`);
}

function makeArchive(name: string, opts?: { builders?: boolean }) {
    const dir = fs.mkdtempSync(path.join(work, "release-"));
    fakeRelease(dir, opts);
    const file = path.join(work, name);
    execFileSync("tar", ["-czf", file, "-C", dir, "bin", "config", ...(opts?.builders === false ? [] : ["builders"])]);
    return file;
}

function run(env: Record<string, string>, script = SCRIPT, args: string[] = []) {
    const r = spawnSync("/bin/bash", [script, ...args], { env: { PATH: pathDir, HOME: work, TMPDIR: work, ...env }, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const url = (file: string) => `file://${file}`;
const fabricHomeOf = (env: Record<string, string>) =>
    spawnSync("/bin/bash", ["-c", `source ${HOME_SCRIPT}; echo "\${FABRIC_HOME:-unset} \${FABRIC_BIN:-unset}"`], {
        env: { PATH: pathDir, ...env },
        encoding: "utf8",
    }).stdout.trim();

describe("install-fabric-tools.sh without Fabric on the machine", () => {
    before(() => {
        work = fs.mkdtempSync(path.join(os.tmpdir(), "fabric-install-"));
        pathDir = path.join(work, "path");
        fs.mkdirSync(pathDir);
        for (const c of NEEDED) {
            const found = spawnSync("/bin/bash", ["-c", `command -v ${c}`], { encoding: "utf8" }).stdout.trim();
            assert.ok(found, `the test needs ${c} on PATH`);
            fs.symlinkSync(found, path.join(pathDir, c));
        }
        archive = makeArchive("hyperledger-fabric-test-2.5.12.tar.gz");
    });
    after(() => fs.rmSync(work, { recursive: true, force: true }));

    it("installs the release archive into the release folder, whose tools then run and which fabric-home.sh finds", () => {
        const dest = path.join(work, "dest-archive");
        const r = run({ FABRIC_RELEASE_URL: url(archive), FABRIC_RELEASE_DIR: dest });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(
            r.stdout,
            `fabric tools: downloading ${url(archive)}\nfabric tools: installed Fabric 2.5.12 from ${url(archive)} into ${dest}\nfake configtxgen 2.5.12 --version\n`,
        );
        for (const t of TOOLS) assert.equal(execFileSync(path.join(dest, "bin", t), ["x"], { encoding: "utf8" }), `fake ${t} 2.5.12 x\n`);
        assert.equal(fabricHomeOf({ FABRIC_RELEASE_DIR: dest }), `${dest} ${dest}/bin`);
        assert.deepEqual(fs.readdirSync(work).filter((f) => f.startsWith("fabric-release.")), [], "the staging folder is removed");
    });

    it("uses a filled release folder again without downloading", () => {
        const dest = path.join(work, "dest-reuse");
        assert.equal(run({ FABRIC_RELEASE_URL: url(archive), FABRIC_RELEASE_DIR: dest }).status, 0);
        const r = run({ FABRIC_RELEASE_URL: "file:///nonexistent/archive.tar.gz", FABRIC_RELEASE_DIR: dest });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `fabric tools: using ${dest}/bin/cryptogen ${dest}/bin/configtxgen ${dest}/bin/configtxlator (release folder ${dest})\n`);
    });

    it("checks the archive against FABRIC_RELEASE_SHA256 when given, and installs nothing on a mismatch", () => {
        const good = path.join(work, "dest-sum-good");
        const ok = run({ FABRIC_RELEASE_URL: url(archive), FABRIC_RELEASE_DIR: good, FABRIC_RELEASE_SHA256: sha256(archive) });
        assert.equal(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, /into .*dest-sum-good \(SHA-256 checked\)\n/);

        const bad = path.join(work, "dest-sum-bad");
        const wrong = "0".repeat(64);
        const r = run({ FABRIC_RELEASE_URL: url(archive), FABRIC_RELEASE_DIR: bad, FABRIC_RELEASE_SHA256: wrong });
        assert.equal(r.status, 1);
        assert.ok(r.stderr.includes(`  - the release archive ${url(archive)}: SHA-256 ${sha256(archive)} is not FABRIC_RELEASE_SHA256=${wrong};\n`), r.stderr);
        assert.equal(fs.existsSync(bad), false);
    });

    it("refuses an archive without the release layout", () => {
        const partial = makeArchive("no-builders.tar.gz", { builders: false });
        const dest = path.join(work, "dest-partial");
        const r = run({ FABRIC_RELEASE_URL: url(partial), FABRIC_RELEASE_DIR: dest });
        assert.equal(r.status, 1);
        assert.ok(r.stderr.includes(`  - the release archive ${url(partial)}: the archive lacks the release layout (`), r.stderr);
        assert.equal(fs.existsSync(dest), false);
    });

    it("where the archive fails, stops with one message naming what was tried and how to point at binaries", () => {
        const dest = path.join(work, "dest-none");
        const missing = `file://${work}/missing.tar.gz`;
        const r = run({ FABRIC_RELEASE_URL: missing, FABRIC_RELEASE_DIR: dest });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, `fabric tools: downloading ${missing}\n`);
        const lines = r.stderr.split("\n");
        assert.deepEqual(
            [...lines.slice(0, 3), ...lines.slice(4)],
            [
                "fabric tools: Fabric 2.5.12's binaries are not available. Tried:",
                "  - FABRIC_BIN / FABRIC_HOME (not set) and cryptogen configtxgen configtxlator on PATH (not found);",
                `  - the release folder ${dest} (not there);`,
                "  Point the project at a Fabric 2.5 release folder (bin/, config/, builders/ccaas/bin/):",
                "  FABRIC_HOME=/path/to/fabric (or put its bin/ on PATH, or FABRIC_BIN=/path/to/fabric/bin), and run again.",
                "",
            ],
        );
        assert.match(lines[3], new RegExp(`^  - the release archive ${missing}: download failed: curl: \\(37\\) .+;$`));
        assert.equal(fs.existsSync(dest), false);
    });

    it("uses the tools of FABRIC_BIN as they are, and says so when FABRIC_BIN lacks one", () => {
        const given = path.join(work, "given");
        fakeRelease(given);
        const r = run({ FABRIC_BIN: path.join(given, "bin"), FABRIC_RELEASE_URL: "file:///nonexistent.tar.gz" });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout, `fabric tools: using ${TOOLS.map((t) => path.join(given, "bin", t)).join(" ")} (release folder ${given})\n`);

        fs.rmSync(path.join(given, "bin", "configtxlator"));
        const lacking = run({ FABRIC_BIN: path.join(given, "bin"), FABRIC_RELEASE_URL: "file:///nonexistent.tar.gz" });
        assert.equal(lacking.status, 1);
        assert.match(lacking.stderr, /^fabric tools: FABRIC_BIN=.*\/given\/bin lacks one of cryptogen configtxgen configtxlator; /);
    });
});
