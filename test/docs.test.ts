// README.md and docs/: the test files they name are the project's own.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ROOT } from "./helpers";

/** Every file below `dir`, as a path from the repository root. */
function filesBelow(dir: string): string[] {
    return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [path.join(dir, e.name)],
    );
}

describe("the documentation's test files", () => {
    it("names only test files that exist: a bare name is one of test/, a path is a file", () => {
        const tests = filesBelow("test").filter((f) => /\.(test|e2e)\.ts$/.test(f));
        const docs = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))];
        const named = docs.flatMap((doc) =>
            [...fs.readFileSync(path.join(ROOT, doc), "utf8").matchAll(/[\w./-]*\w\.(?:test|e2e)\.ts\b/g)].map((m) => [doc, m[0]]),
        );
        assert.ok(named.length > 20, "the docs name the test files");
        const unknown = named.filter(([, name]) => (name.includes("/") ? !tests.includes(name) : !tests.some((t) => path.basename(t) === name)));
        assert.deepEqual(unknown, []);
    });
});
