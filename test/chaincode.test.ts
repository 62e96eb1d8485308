// render/chaincode.ts: package labels and the lifecycle steps' env.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { Chaincode, loadSpec, NetworkSpec } from "../config";
import { CC_SEQUENCE_SCRIPT, CHANNEL_CREATE_SCRIPT, CHANNEL_JOIN_SCRIPT, chaincodeStepEnv, channelStepEnv, cliClientTlsEnv, packageLabel, peerCliEnv, peerCliStepEnv, peersCliEnv } from "../render";
import { bash, PROJECT, stackConfig, stackSpec, standInDocker } from "./helpers";

let dev: NetworkSpec;
before(() => {
    dev = stackSpec("dev");
});

describe("a step on every peer at once (each_peer of peer-cli.sh)", () => {
    /** The join step for channel1 with Org1 and Org2's peers, a stand-in `docker` answering as the peer CLI. */
    function joinWith(joined: string[], failing = "", hanging = ""): { status: number; stdout: string; calls: string[]; seconds: number } {
        const docker = standInDocker(
            `peer=$(tr ' ' '\\n' <<<"$*" | sed -n 's/^CORE_PEER_ADDRESS=//p')
echo "$peer $*" >>"$FAKE_LOG"
case "$*" in
  "run -d "* | "rm -f "*) exit 0 ;;
  *" channel list") [[ " $FAKE_JOINED $(tr "\\n" " " <"$FAKE_LOG.joined" 2>/dev/null) " == *" $peer "* ]] && echo channel1; exit 0 ;;
  *" channel join "*)
    [[ $peer == "$FAKE_FAILING" ]] && { echo "Error: join refused" >&2; exit 1; }
    echo "$peer" >>"$FAKE_LOG.joined"
    # Joined, but its \`docker exec\` never returns (Docker 20.10 missing the command's exit).
    [[ $peer == "$FAKE_HANGING" && ! -e $FAKE_LOG.hung ]] && { touch "$FAKE_LOG.hung"; exec sleep 60; }
    exit 0 ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac`,
        );
        const [org1, org2] = dev.orgs;
        const env = { ...channelStepEnv(dev, dev.channels[0], org1, org1.anchorPeer), PEERS: peersCliEnv(dev, [{ org: org1, peers: org1.peers }, { org: org2, peers: org2.peers }]) };
        const t0 = Date.now();
        const r = spawnSync("/bin/bash", ["-c", CHANNEL_JOIN_SCRIPT.replace(/retry "\$ORDERING_TRIES"/, hanging ? "retry 2" : "retry 1")], {
            env: {
                ...process.env,
                ...env,
                ...docker.env,
                FAKE_JOINED: joined.join(" "),
                FAKE_FAILING: failing,
                FAKE_HANGING: hanging,
                PEER_CLI_SECONDS: "1",
            },
            encoding: "utf8",
        });
        return { status: r.status ?? -1, stdout: r.stdout, calls: docker.calls().sort(), seconds: (Date.now() - t0) / 1000 };
    }
    const peers = ["peer0.org1.example.com:7051", "peer1.org1.example.com:7051", "peer0.org2.example.com:7051", "peer1.org2.example.com:7051"];

    it("joins each peer not in the channel yet, as its own org's admin, and says what it did for each, in order", () => {
        const r = joinWith([peers[1]]);
        assert.equal(r.status, 0);
        assert.equal(r.stdout, [`${peers[0]} joined channel1`, `${peers[1]} already in channel1`, `${peers[2]} joined channel1`, `${peers[3]} joined channel1`].join("\n") + "\n");
        assert.equal(r.calls.filter((c) => c.includes(" channel join ")).length, 3);
        assert.ok(r.calls.filter((c) => c.startsWith("peer0.org2")).every((c) => c.includes("CORE_PEER_LOCALMSPID=Org2MSP")), "Org2's peers as Org2's admin");
    });
    it("every peer command a docker exec in one CLI container of the step, removed when the step ends", () => {
        const r = joinWith([peers[1]]);
        assert.equal(r.status, 0);
        const calls = r.calls.map((c) => c.trim());
        const runs = calls.filter((c) => c.startsWith("run "));
        assert.equal(runs.length, 1, "one CLI container for the step");
        const name = runs[0].match(/ --name (\S+) /)?.[1] ?? "";
        assert.match(name, /^fabric-network-dev-cli-\d+-\d+$/);
        assert.match(runs[0], new RegExp(`^run -d --rm --name ${name} --network fabric-network-dev --entrypoint sleep -v \\S+:/crypto:ro -v \\S+:/channel ${dev.images.peer} 3600$`));
        const commands = calls.filter((c) => !/^(run|rm) /.test(c));
        assert.equal(commands.length, 10, "4 lists first, then for each of 3 peers a list again (unless_done) and a join");
        assert.ok(commands.every((c) => c.includes(` exec `) && c.includes(` ${name} peer channel `)), "each in that container");
        assert.deepEqual(calls.filter((c) => c.startsWith("rm ")), [`rm -f ${name}`], "removed once, at the end");
    });
    it("a peer command that never returns is given up after PEER_CLI_SECONDS and the join tried again, which finds it done", () => {
        const r = joinWith([], "", peers[2]);
        assert.equal(r.status, 0);
        assert.equal(r.stdout, peers.map((p) => `${p} joined channel1`).join("\n") + "\n");
        assert.ok(r.seconds >= 1, `its first try given up after PEER_CLI_SECONDS (1 s): ${r.seconds} s`);
        assert.equal(r.calls.filter((c) => c.startsWith(peers[2]) && c.includes(" channel join ")).length, 1, "joined once: the second try found it in the channel");
        assert.equal(r.calls.filter((c) => c.trim().startsWith("rm -f ")).length, 1, "the step's container removed once, at the end");
        assert.ok(r.seconds < 15, `bounded: ${r.seconds} s`);
    });
    it("fails when one peer's join fails, after the others ran", () => {
        const r = joinWith([], peers[2]);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, [`${peers[0]} joined channel1`, `${peers[1]} joined channel1`, `${peers[3]} joined channel1`].join("\n") + "\n");
    });
});

describe("the channel's create step (channel-create.sh)", () => {
    /**
     * The create step of channel1 with a stand-in `docker` answering as the peer CLI: the channel there already or not;
     * with `lost`, the orderers carry out the first create but its answer never comes (the CLI gives up waiting for
     * block 0, as a CI run saw while Kafka made the channel's topic). The step's stdout and the peer commands, in order.
     */
    function createWith(there: boolean, lost: boolean): { status: number; stdout: string; peerCalls: string[] } {
        const docker = standInDocker(
            `case "$*" in
  "run -d "* | "rm -f "*) exit 0 ;;
  *" channel fetch 0 "*) echo fetch >>"$FAKE_LOG"; [[ -e $FAKE_LOG.channel ]] ;;
  *" channel create "*)
    echo create >>"$FAKE_LOG"
    [[ -e $FAKE_LOG.channel ]] && { echo "Error: BAD_REQUEST -- channel already exists" >&2; exit 1; }
    touch "$FAKE_LOG.channel"
    [[ $FAKE_LOST == 1 ]] && { echo "Error: timeout waiting for channel creation" >&2; exit 1; }
    exit 0 ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac`,
        );
        if (there) fs.writeFileSync(`${docker.log}.channel`, "");
        const r = spawnSync("/bin/bash", ["-c", CHANNEL_CREATE_SCRIPT.replace(/retry "\$ORDERING_TRIES"/, "retry 3")], {
            env: { ...process.env, ...channelStepEnv(dev, dev.channels[0], dev.orgs[0], dev.orgs[0].anchorPeer), ...docker.env, FAKE_LOST: lost ? "1" : "0" },
            encoding: "utf8",
        });
        return { status: r.status ?? -1, stdout: r.stdout.trim(), peerCalls: docker.calls() };
    }

    it("a new channel: fetched (nothing), created, said created", () => {
        assert.deepEqual(createWith(false, false), { status: 0, stdout: "channel channel1 created", peerCalls: ["fetch", "create"] });
    });
    it("a channel there before the step: fetched, no create sent, said there already", () => {
        assert.deepEqual(createWith(true, false), { status: 0, stdout: "channel channel1 exists", peerCalls: ["fetch"] });
    });
    it("a create carried out whose answer was lost: the next try fetches it, sends no second create, and says created", () => {
        assert.deepEqual(createWith(false, true), { status: 0, stdout: "channel channel1 created", peerCalls: ["fetch", "create", "fetch"] });
    });
});

describe("the step's CLI container and the channel folder (peer-cli.sh's peer_as)", () => {
    /** Runs `cmds` in a step of channel1 whose folder is a fresh temporary one, with a stand-in `docker` that logs each call. */
    function stepWith(cmds: string, env: Record<string, string> = {}): { work: string; calls: string[]; stderr: string } {
        const docker = standInDocker('printf "%s\\n" "$*" >>"$FAKE_LOG"');
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "step-"));
        const r = spawnSync("/bin/bash", ["-c", `source "$STEPS_DIR/peer-cli.sh"; cli_start; ${cmds}`], {
            env: { ...process.env, ...channelStepEnv(dev, dev.channels[0], dev.orgs[0], dev.orgs[0].peers[0]), CHANNEL_DIR: work, ...docker.env, ...env },
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        return { work, calls: docker.calls(), stderr: r.stderr };
    }
    const name = (calls: string[]) => calls[0].match(/ --name (\S+) /)?.[1] ?? "";

    it("mounted: a command run with CHANNEL_DIR inside the step's folder has its /channel/ paths moved into the same folder", () => {
        const { work, calls } = stepWith('CHANNEL_DIR=$CHANNEL_DIR/ch1 peer_cli channel fetch config /channel/config.block -c ch1; peer_cli channel join -b /channel/channel1.block');
        const cli = name(calls);
        assert.match(calls[0], new RegExp(`^run -d --rm --name ${cli} .* -v ${work}:/channel `));
        assert.match(calls[1], new RegExp(`^exec .* ${cli} peer channel fetch config /channel/ch1/config\\.block -c ch1$`));
        assert.match(calls[2], new RegExp(`^exec .* ${cli} peer channel join -b /channel/channel1\\.block$`), "in the step's own folder: as given");
        assert.deepEqual(calls.slice(3), [`rm -f ${cli}`]);
    });
    it("mounted: a CHANNEL_DIR outside the step's folder is refused, naming both, and runs nothing", () => {
        const { work, calls, stderr } = stepWith("CHANNEL_DIR=/elsewhere peer_cli channel list || echo refused $?");
        assert.match(stderr, new RegExp(`^peer-cli\\.sh: /elsewhere is not inside ${work}, the folder the step's CLI container holds$`, "m"));
        assert.equal(calls.filter((c) => c.startsWith("exec ")).length, 0);
    });
    it("copied (a swarm's manager): the crypto tree copied in once; each command the channel folder in a folder of its own, its paths moved there, what it wrote copied back", () => {
        const { work, calls } = stepWith("peer_cli channel fetch 0 /channel/channel1.block -c channel1; peer_cli channel list", { CLI_FILES: "copy" });
        const cli = name(calls);
        assert.match(calls[0], new RegExp(`^create --rm --name ${cli} --network fabric-network-dev --entrypoint sleep ${dev.images.peer} 3600$`));
        assert.match(calls[1], new RegExp(`^cp -q \\S+/crypto-config/\\. ${cli}:/crypto$`));
        assert.equal(calls[2], `start ${cli}`);
        const dirs = calls.filter((c) => c.startsWith(`cp -q ${work}/. `)).map((c) => c.split(":").pop() as string);
        assert.equal(dirs.length, 2, "the channel folder copied in for each command");
        assert.notEqual(dirs[0], dirs[1], "each into a folder of its own");
        dirs.forEach((d) => assert.match(d, /^\/channel\.\d+\.\d+$/));
        const execs = calls.filter((c) => c.startsWith("exec "));
        assert.match(execs[0], new RegExp(`^exec .* ${cli} peer channel fetch 0 ${dirs[0].replace(/\./g, "\\.")}/channel1\\.block -c channel1$`));
        assert.match(execs[1], new RegExp(`^exec .* ${cli} peer channel list$`));
        assert.deepEqual(calls.filter((c) => c.startsWith(`cp -q ${cli}:`)), [`cp -q ${cli}:${dirs[0]}/. ${work}`, `cp -q ${cli}:${dirs[1]}/. ${work}`], "copied back after each");
        assert.equal(calls.filter((c) => c.includes(":/crypto")).length, 1, "the crypto tree once per step");
        assert.equal(calls[calls.length - 1], `rm -f ${cli}`);
    });
});

describe("a command that hung on an orderer (peer-cli.sh's peer_as)", () => {
    it("is given up after PEER_CLI_SECONDS, says which orderer it set aside, and the step's next commands go to the next orderer", () => {
        const docker = standInDocker(`printf "%s\\n" "$*" >>"$FAKE_LOG"
[[ $1 == exec && "$*" == *" -o orderer0.example.com:7050 "* ]] && exec sleep 30
exit 0`);
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "step-"));
        const fetch = 'peer_cli channel fetch config /channel/c.block -c channel1 "${orderer_args[@]}"';
        // Only the argument after -o is swapped: one that merely starts with the orderer's address stays.
        const named = 'peer_cli channel fetch config orderer0.example.com:7050.block -c channel1 "${orderer_args[@]}"';
        const r = spawnSync("/bin/bash", ["-c", `source "$STEPS_DIR/peer-cli.sh"; cli_start; ${fetch} || echo "rc=$?"; ${fetch}; ${named}`], {
            env: { ...process.env, ...channelStepEnv(dev, dev.channels[0], dev.orgs[0], dev.orgs[0].peers[0]), CHANNEL_DIR: work, ...docker.env, PEER_CLI_SECONDS: "1" },
            encoding: "utf8",
        });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.stdout.trim(), "rc=124");
        assert.match(r.stderr, /^peer channel: the command did not return in 1s; given up \(it ends with the CLI container \S+\); orderer0\.example\.com:7050 set aside for the next commands of this step$/m);
        const orderers = docker.calls().filter((c) => c.startsWith("exec ")).map((c) => c.match(/ -o (\S+) /)?.[1]);
        assert.deepEqual(orderers, ["orderer0.example.com:7050", "orderer1.example.com:7050", "orderer1.example.com:7050"]);
        assert.match(docker.calls().at(-2) ?? "", / peer channel fetch config orderer0\.example\.com:7050\.block -c channel1 -o orderer1\.example\.com:7050 /);
    });
});

describe("the peer CLI as an admin, with tls.clientAuthRequired (render/channels.ts, peer-cli.sh's admin_identity)", () => {
    it("presents the admin's TLS client key pair to peers and orderers, the same from TypeScript and from the shell", () => {
        const spec = loadSpec({ ...stackConfig("dev"), tls: { clientAuthRequired: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const org = spec.orgs[0];
        const pair = (dir: string) => ["CORE_PEER_TLS_CLIENTAUTHREQUIRED=true", `CORE_PEER_TLS_CLIENTCERT_FILE=/crypto/${dir}/tls/client.crt`, `CORE_PEER_TLS_CLIENTKEY_FILE=/crypto/${dir}/tls/client.key`];
        assert.deepEqual(peerCliEnv(spec, org, org.peers[1]).slice(5), pair("peerOrganizations/org1.example.com/users/Admin@org1.example.com"));
        assert.deepEqual(peerCliEnv(dev, dev.orgs[0], dev.orgs[0].peers[1]).length, 5, "none without it");
        const identity = (env: Record<string, string>) =>
            bash(`source "$STEPS_DIR/peer-cli.sh"; admin_identity OrdererMSP "${spec.ordererOrg.adminDir}/msp"`, env, "").trim().split(" ");
        assert.deepEqual(identity(peerCliStepEnv(spec)), [
            "CORE_PEER_LOCALMSPID=OrdererMSP",
            `CORE_PEER_MSPCONFIGPATH=/crypto/${spec.ordererOrg.adminDir}/msp`,
            "CORE_PEER_TLS_ENABLED=true",
            ...cliClientTlsEnv(spec, spec.ordererOrg.adminDir),
        ]);
        assert.equal(identity(peerCliStepEnv(spec)).length, 6);
        assert.equal(identity(peerCliStepEnv(dev)).length, 3, "none without it");
    });

    it("peer_as hands the identity's TLS pair to an orderer as flags (Fabric writes them over env), and only to an orderer", () => {
        const spec = loadSpec({ ...stackConfig("dev"), tls: { clientAuthRequired: true } }, { project: PROJECT, stack: "dev", projectDir: "/project" });
        const docker = standInDocker('for a in "$@"; do printf "%s\\n" "$a"; done');
        const run = (cmd: string) =>
            bash(`source "$STEPS_DIR/peer-cli.sh"; cli_start >/dev/null; ${cmd}`, { ...channelStepEnv(spec, spec.channels[0], spec.orgs[0], spec.orgs[0].peers[0]), ...docker.env }, "").trim().split("\n");
        const tls = "/crypto/peerOrganizations/org1.example.com/users/Admin@org1.example.com/tls";
        const fetch = run('peer_cli channel fetch 0 /channel/b -c channel1 "${orderer_args[@]}"');
        assert.deepEqual(fetch.slice(fetch.indexOf("peer") + 1), ["channel", "fetch", "0", "/channel/b", "-c", "channel1", "-o", "orderer0.example.com:7050", "--tls", "--cafile",
            "/crypto/ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem", "--clientauth", "--certfile", `${tls}/client.crt`, "--keyfile", `${tls}/client.key`]);
        const list = run("peer_cli channel list");
        assert.deepEqual(list.slice(list.indexOf("peer") + 1), ["channel", "list"]);
        assert.ok(list.includes(`CORE_PEER_TLS_CLIENTCERT_FILE=${tls}/client.crt`), "towards the peer: env");
    });
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
        const docker = standInDocker(
            `case "$*" in
  "run -d "* | "rm -f "*) exit 0 ;;
  *" lifecycle chaincode querycommitted "*)
    [[ $FAKE_COMMITTED == none ]] && { echo "Error: query failed with status: 404 - namespace mycc is not defined" >&2; exit 1; }
    printf "Committed chaincode definition for chaincode 'mycc' on channel 'channel1':\\nVersion: 1.0, Sequence: %s, Endorsement Plugin: escc, Validation Plugin: vscc, Approvals: [Org1MSP: true]\\n" "$FAKE_COMMITTED" ;;
  *" lifecycle chaincode queryapproved "*" --sequence $FAKE_COMMITTED")
    printf "Approved chaincode definition for chaincode 'mycc' on channel 'channel1':\\nsequence: %s, version: 1.0, init-required: false, package-id: %s, endorsement plugin: escc, validation plugin: vscc\\n" "$FAKE_COMMITTED" "$FAKE_APPROVED" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac`,
        );
        const channel = dev.channels[0];
        const org = dev.orgs[0];
        const env = { ...chaincodeStepEnv(dev, channel, cc, cc.deployments[0], org, org.anchorPeer, "mycc_1.0_x"), CC_PACKAGE_ID: packageId };
        return bash(CC_SEQUENCE_SCRIPT, { ...env, ...docker.env, FAKE_COMMITTED: String(committed), FAKE_APPROVED: approvedPackage }, "").trim();
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
