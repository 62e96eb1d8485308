// The fault suite's decoding of qscc answers (test/faults/load.ts), without Fabric.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { processedTxValidationCode } from "./faults/load";

/** A serialized ProcessedTransaction: field 1 an envelope of `envelopeBytes` bytes, field 2 the code unless 0. */
function processedTx(envelopeBytes: number, code: number): Uint8Array {
    const varint = (v: number) => {
        const out: number[] = [];
        while (v >= 0x80) {
            out.push((v & 0x7f) | 0x80);
            v = Math.floor(v / 128);
        }
        return [...out, v];
    };
    return Uint8Array.from([0x0a, ...varint(envelopeBytes), ...Array(envelopeBytes).fill(7), ...(code ? [0x10, ...varint(code)] : [])]);
}

describe("qscc GetTransactionByID answers", () => {
    it("reads the validation code after an envelope longer than one length byte", () => {
        assert.equal(processedTxValidationCode(processedTx(3000, 11)), 11);
        assert.equal(processedTxValidationCode(processedTx(3000, 255)), 255);
    });
    it("reads a missing code as VALID (0), as proto3 leaves a zero out", () => {
        assert.equal(processedTxValidationCode(processedTx(300, 0)), 0);
    });
    it("refuses a truncated message instead of reading past its end", () => {
        assert.throws(() => processedTxValidationCode(Uint8Array.from([0x0a, 0x80])), /truncated protobuf varint/);
    });
});
