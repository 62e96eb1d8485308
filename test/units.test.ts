// config/units.ts: sizes and durations as configtx.yaml and Fabric's env variables write them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDuration, formatSize, parseDuration, parseSize } from "../config";
import { configtxSize } from "../render";

describe("units", () => {
    it("reads configtx sizes as binary units and byte counts as they are", () => {
        assert.equal(parseSize("99 MB"), 103809024);
        assert.equal(parseSize("512 KB"), 524288);
        assert.equal(parseSize("98MB"), 98 * 1024 * 1024);
        assert.equal(parseSize("1 gb"), 1024 ** 3);
        assert.equal(parseSize(103809024), 103809024);
        assert.equal(parseSize("99 megabytes"), undefined);
        assert.equal(parseSize(0), undefined);
        assert.equal(parseSize(1.5), undefined);
    });
    it("writes sizes back exactly", () => {
        assert.equal(formatSize(103809024), "99 MB");
        assert.equal(formatSize(524288), "512 KB");
        assert.equal(formatSize(1000), "1000 B");
        assert.equal(configtxSize(102760448), "98 MB");
        assert.equal(configtxSize(1000), 1000);
    });
    it("reads and writes Go durations", () => {
        assert.equal(parseDuration("2s"), 2000);
        assert.equal(parseDuration("500ms"), 500);
        assert.equal(parseDuration("1m30s"), 90_000);
        assert.equal(parseDuration("1.5s"), 1500);
        assert.equal(parseDuration("2 s"), undefined);
        assert.equal(parseDuration("0.0001s"), undefined);
        assert.equal(formatDuration(2000), "2s");
        assert.equal(formatDuration(500), "500ms");
        assert.equal(formatDuration(100_000), "1m40s");
        assert.equal(formatDuration(3_600_000), "1h0m0s");
    });
});
