// The e2e suites' report of a failed `pulumi` command: what the engine said went wrong must survive the stack's outputs
// printed after it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pulumiFailure } from "./e2e/stack";

describe("pulumiFailure", () => {
    it("puts the Diagnostics section first, then the tail, however long the outputs printed between them", () => {
        const outputs = Array.from({ length: 400 }, (_, i) => `      - output${i}: "a long value that fills the tail"`).join("\n");
        const out = ["Updating (swarmnet):", "  docker:index:Service peer0 **failed**", "Diagnostics:", "  docker:index:Service (peer0):", "    error: task failed: no suitable node", "", "Outputs:", outputs, "Resources:", "    1 failed", "Duration: 1m2s", ""].join("\n");
        const message = pulumiFailure(["up", "--yes"], out);
        assert.ok(message.startsWith("pulumi up --yes failed:\nDiagnostics:\n  docker:index:Service (peer0):\n    error: task failed: no suitable node\n"), message.slice(0, 200));
        assert.ok(message.endsWith("Resources:\n    1 failed\nDuration: 1m2s\n"));
        assert.ok(message.length < 2500 + 300, `${message.length} characters`);
    });

    it("without a Diagnostics section, the tail alone", () => {
        assert.equal(pulumiFailure(["preview"], "x".repeat(3000)), `pulumi preview failed:\n${"x".repeat(2500)}`);
    });
});
