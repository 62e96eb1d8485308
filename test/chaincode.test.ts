// render/chaincode.ts: package labels and the lifecycle steps' env.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { Chaincode, NetworkSpec } from "../config";
import { CC_SEQUENCE_SCRIPT, chaincodeStepEnv, packageLabel } from "../render";
import { bash, stackSpec } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});

describe("chaincode lifecycle steps", () => {
    let cc: Chaincode;
    before(() => {
        cc = dev.chaincodes[0];
    });
    it("a package label names the chaincode, its version and a digest of the code its service runs", () => {
        const label = packageLabel(cc, "a".repeat(64));
        assert.match(label, /^mycc_1\.0_[0-9a-f]{12}$/);
        assert.equal(packageLabel(cc, "a".repeat(64)), label, "the same code, the same label");
        const others = [packageLabel(cc, "b".repeat(64)), packageLabel({ ...cc, version: "1.1" }, "a".repeat(64)), packageLabel({ ...cc, image: "cc:2" }, "a".repeat(64))];
        assert.equal(new Set([label, ...others]).size, 4, "new source, version or image: a new label, so a new package ID");
        assert.match(others[1], /^mycc_1\.1_/);
    });

    /** CC_SEQUENCE_SCRIPT with a stand-in `docker` that answers as the 2.5 peer CLI prints. */
    function sequenceWith(committed: "none" | number, approvedPackage: string, packageId: string): string {
        const bin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-docker-"));
        fs.writeFileSync(
            path.join(bin, "docker"),
            `#!/bin/bash
case "$*" in
  *" lifecycle chaincode querycommitted "*)
    [[ $FAKE_COMMITTED == none ]] && { echo "Error: query failed with status: 404 - namespace mycc is not defined" >&2; exit 1; }
    printf "Committed chaincode definition for chaincode 'mycc' on channel 'channel1':\\nVersion: 1.0, Sequence: %s, Endorsement Plugin: escc, Validation Plugin: vscc, Approvals: [Org1MSP: true]\\n" "$FAKE_COMMITTED" ;;
  *" lifecycle chaincode queryapproved "*" --sequence $FAKE_COMMITTED")
    printf "Approved chaincode definition for chaincode 'mycc' on channel 'channel1':\\nsequence: %s, version: 1.0, init-required: false, package-id: %s, endorsement plugin: escc, validation plugin: vscc\\n" "$FAKE_COMMITTED" "$FAKE_APPROVED" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`,
            { mode: 0o755 },
        );
        const channel = dev.channels[0];
        const org = dev.orgs[0];
        const env = { ...chaincodeStepEnv(dev, channel, cc, cc.deployments[0], org, org.anchorPeer, "mycc_1.0_x"), CC_PACKAGE_ID: packageId };
        return bash(CC_SEQUENCE_SCRIPT, { ...env, PATH: `${bin}:${process.env.PATH}`, FAKE_COMMITTED: String(committed), FAKE_APPROVED: approvedPackage }, "").trim();
    }

    it("the sequence step answers 1 for a chaincode the channel has not defined", () => {
        assert.equal(sequenceWith("none", "", "mycc_1.0_x:11"), "1");
    });
    it("the sequence step answers the committed sequence when its definition already has this package: nothing to do", () => {
        assert.equal(sequenceWith(3, "mycc_1.0_x:11", "mycc_1.0_x:11"), "3");
    });
    it("the sequence step answers the next sequence for a new package", () => {
        assert.equal(sequenceWith(3, "mycc_1.0_x:11", "mycc_1.0_y:22"), "4");
    });
});
