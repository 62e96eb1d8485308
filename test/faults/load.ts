// The fault suite's load generator: several concurrent gateway clients, each moving 1 between a key pair
// of its own (so that MVCC conflicts between clients cannot hide real failures), each loop bounded in
// count and time. Every transaction's ID is kept with what its client was told, so that the ones
// left without an answer can be resolved against the ledger afterwards.
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as grpc from "@grpc/grpc-js";
import { connect, Contract, Gateway, signers } from "@hyperledger/fabric-gateway";
import { clientCredentials, clientOptions, Identity, ProfilePeer } from "../e2e/checks";

/** What a client was told about one transaction. */
export type Outcome =
    /** The gateway reported it committed VALID. */
    | "committed"
    /** A definite no: the endorsement failed, or it was committed with another validation code. */
    | "failed"
    /** No answer: submit or commit status failed or timed out after the endorsement; resolved afterwards. */
    | "ambiguous";

export interface TxRecord {
    readonly client: number;
    readonly txId: string;
    /** ms since the epoch, when the client started it. */
    readonly started: number;
    /** ms since the epoch, when it went to the orderers (endorsed); 0 before, or if it never did. */
    endorsed: number;
    /** ms since the epoch, when the orderer took it (submit returned); 0 before, or if it never did. */
    submitted: number;
    /** ms since the epoch, when the client learned the outcome. */
    ended: number;
    outcome: Outcome;
    /** The validation code for a committed/failed status, or the error's text. */
    detail: string;
    /** The peer (host) the client's gateway was connected to. */
    peer: string;
}

/** One org's peers as a client knows them: host, where it is reached now (its published port), its profile entry. */
export interface PeerTarget {
    readonly host: string;
    /** `host:port` on this machine, asked at each connection (a task back on its node may publish another port); undefined when none. */
    readonly address: () => string | undefined;
    readonly profile: ProfilePeer;
}

export interface LoadOptions {
    readonly channel: string;
    readonly chaincode: string;
    readonly clients: number;
    /** Each client's pair of keys is `<keyPrefix><n>a` / `<keyPrefix><n>b`. */
    readonly keyPrefix: string;
    readonly identity: Identity;
    /** The org's peers, in the profile's order; client n starts on peer n mod count and fails over to the next. */
    readonly peers: readonly PeerTarget[];
    /** Per-call deadlines (ms). */
    readonly endorseMs: number;
    readonly submitMs: number;
    readonly commitMs: number;
}

/** gRPC status codes after which the client moves to the org's next peer. */
const FAILOVER_CODES = new Set([grpc.status.UNAVAILABLE, grpc.status.DEADLINE_EXCEEDED]);

function connectTo(target: PeerTarget, id: Identity, o: LoadOptions): { gateway: Gateway; close: () => void } {
    const hostPort = target.address();
    if (!hostPort) throw new Error(`${target.host} publishes no 7051 now`);
    // The profile's keepalive: a peer cut off is noticed (UNAVAILABLE) instead of waited out to a deadline.
    const client = new grpc.Client(hostPort, clientCredentials(target.profile, id), clientOptions(target.profile));
    const signer = signers.newPrivateKeySigner(crypto.createPrivateKey(fs.readFileSync(id.keyPath)));
    const gateway = connect({
        client,
        identity: { mspId: id.mspId, credentials: fs.readFileSync(id.certPath) },
        signer,
        evaluateOptions: () => ({ deadline: Date.now() + o.endorseMs }),
        endorseOptions: () => ({ deadline: Date.now() + o.endorseMs }),
        submitOptions: () => ({ deadline: Date.now() + o.submitMs }),
        commitStatusOptions: () => ({ deadline: Date.now() + o.commitMs }),
    });
    return {
        gateway,
        close: () => {
            gateway.close();
            client.close();
        },
    };
}

const errText = (e: unknown): string => {
    const err = e as { message?: string; code?: number; details?: { message?: string }[] };
    const details = (err.details ?? []).map((d) => d.message).filter(Boolean).join("; ");
    // The gateway's own words first: the per-orderer details after them can run long.
    return `${err.message ?? String(e)}${details ? ` <- ${details}` : ""}`.slice(0, 400);
};
const codeOf = (e: unknown): number | undefined => (e as { code?: number }).code;

/** A client on its own key pair, failing over between its org's peers. */
class LoadClient {
    private peerIndex: number;
    private conn?: { gateway: Gateway; close: () => void };
    private contract?: Contract;

    constructor(
        readonly n: number,
        private readonly o: LoadOptions,
        private readonly records: TxRecord[],
        /** Told of each transaction the moment it is sent to the orderers. */
        private readonly sending: (rec: TxRecord) => void,
    ) {
        this.peerIndex = n % o.peers.length;
    }

    get keys(): [string, string] {
        return [`${this.o.keyPrefix}${this.n}a`, `${this.o.keyPrefix}${this.n}b`];
    }

    private get peer(): PeerTarget {
        return this.o.peers[this.peerIndex];
    }

    private use(chaincode = this.o.chaincode): Contract {
        if (!this.conn) {
            this.conn = connectTo(this.peer, this.o.identity, this.o);
            this.contract = undefined;
        }
        if (chaincode !== this.o.chaincode) return this.conn.gateway.getNetwork(this.o.channel).getContract(chaincode);
        this.contract ??= this.conn.gateway.getNetwork(this.o.channel).getContract(chaincode);
        return this.contract;
    }

    /** Drops the connection; with `next`, the next connection goes to the org's next peer. */
    private reset(next: boolean): void {
        this.conn?.close();
        this.conn = undefined;
        this.contract = undefined;
        if (next) this.peerIndex = (this.peerIndex + 1) % this.o.peers.length;
    }

    close(): void {
        this.reset(false);
    }

    /** Evaluates `fn args` of `chaincode` through this client's gateway, failing over if its peer is gone. */
    async evaluateOn(chaincode: string, fn: string, ...args: string[]): Promise<Uint8Array> {
        for (let attempt = 0; ; attempt++) {
            try {
                return await this.use(chaincode).evaluateTransaction(fn, ...args);
            } catch (e) {
                const failover = FAILOVER_CODES.has(codeOf(e) as number);
                this.reset(failover);
                if (attempt >= this.o.peers.length || !failover) throw e;
            }
        }
    }

    async evaluate(fn: string, ...args: string[]): Promise<string> {
        return Buffer.from(await this.evaluateOn(this.o.chaincode, fn, ...args)).toString("utf8");
    }

    /** One transaction `fn args`, recorded with its outcome. */
    async transact(fn: string, ...args: string[]): Promise<TxRecord> {
        let contract: Contract;
        try {
            contract = this.use();
        } catch (e) {
            this.reset(true);
            throw e;
        }
        const proposal = contract.newProposal(fn, { arguments: args });
        const rec: TxRecord = { client: this.n, txId: proposal.getTransactionId(), started: Date.now(), endorsed: 0, submitted: 0, ended: 0, outcome: "failed", detail: "", peer: this.peer.host };
        this.records.push(rec);
        const done = (outcome: Outcome, detail: string) => {
            rec.outcome = outcome;
            rec.detail = detail;
            rec.ended = Date.now();
            return rec;
        };
        let tx;
        try {
            tx = await proposal.endorse();
        } catch (e) {
            // Not endorsed: never sent to ordering, so it cannot be in any ledger.
            this.reset(FAILOVER_CODES.has(codeOf(e) as number));
            return done("failed", `endorse: ${errText(e)}`);
        }
        rec.endorsed = Date.now();
        this.sending(rec);
        let commit;
        try {
            commit = await tx.submit();
        } catch (e) {
            this.reset(FAILOVER_CODES.has(codeOf(e) as number));
            return done("ambiguous", `submit: ${errText(e)}`);
        }
        rec.submitted = Date.now();
        try {
            const status = await commit.getStatus();
            return done(status.successful ? "committed" : "failed", String(status.code));
        } catch (e) {
            this.reset(FAILOVER_CODES.has(codeOf(e) as number));
            return done("ambiguous", `commit status: ${errText(e)}`);
        }
    }
}

/** A running load: `stop()` ends it and returns every record, in start order. */
export class Load {
    readonly records: TxRecord[] = [];
    readonly clients: LoadClient[];
    private stopping = false;
    private loops: Promise<void>[] = [];

    private sendWaiters: ((rec: TxRecord) => void)[] = [];
    constructor(o: LoadOptions) {
        this.clients = Array.from({ length: o.clients }, (_, n) => new LoadClient(n, o, this.records, (rec) => this.sendWaiters.splice(0).forEach((w) => w(rec))));
    }
    /** The next transaction sent to the orderers, the moment its submit starts; undefined after `ms` without one. */
    nextSend(ms: number): Promise<TxRecord | undefined> {
        return new Promise((resolve) => {
            const timer = setTimeout(() => resolve(undefined), ms);
            this.sendWaiters.push((rec) => {
                clearTimeout(timer);
                resolve(rec);
            });
        });
    }

    /** Opens each client's key pair at `start` each (through `init`, a transaction), once per network. */
    async open(start: number): Promise<void> {
        await Promise.all(
            this.clients.map(async (c) => {
                const rec = await c.transact("init", c.keys[0], String(start), c.keys[1], String(start));
                if (rec.outcome !== "committed") throw new Error(`opening ${c.keys.join("/")}: ${rec.outcome} ${rec.detail}`);
            }),
        );
        this.records.length = 0;
    }

    /**
     * Starts every client's loop: `invoke a b 1` one after the other, until `stop()`, `maxTx` transactions or
     * `maxSeconds`, whichever comes first; a client waits `pauseMs` after a transaction without an answer.
     */
    start(maxTx: number, maxSeconds: number, pauseMs = 500): void {
        const deadline = Date.now() + maxSeconds * 1000;
        this.loops = this.clients.map(async (c) => {
            for (let i = 0; i < maxTx && !this.stopping && Date.now() < deadline; i++) {
                try {
                    const rec = await c.transact("invoke", c.keys[0], c.keys[1], "1");
                    if (rec.outcome !== "committed") await new Promise((r) => setTimeout(r, pauseMs));
                } catch {
                    // No connection could be made (the peer's port is gone): try again shortly.
                    await new Promise((r) => setTimeout(r, pauseMs));
                }
            }
        });
    }

    async stop(): Promise<TxRecord[]> {
        this.stopping = true;
        await Promise.all(this.loops);
        this.stopping = false;
        return this.records.splice(0);
    }

    close(): void {
        for (const c of this.clients) c.close();
    }

    /** Each client's keys' values through its gateway: [a, b]. */
    async balances(): Promise<[number, number][]> {
        return Promise.all(this.clients.map(async (c) => [Number(await c.evaluate("query", c.keys[0])), Number(await c.evaluate("query", c.keys[1]))] as [number, number]));
    }

    /** qscc's record of a transaction through client 0's gateway: its validation code, or undefined when the peer has none. */
    async validationCode(channel: string, txId: string): Promise<number | undefined> {
        try {
            const bytes = await this.clients[0].evaluateOn("qscc", "GetTransactionByID", channel, txId);
            return processedTxValidationCode(bytes);
        } catch (e) {
            if (/Failed to get transaction with id|no such transaction ID/i.test(errText(e))) return undefined;
            throw e;
        }
    }
}

/**
 * `validationCode` (field 2, a varint) of a serialized `protos.ProcessedTransaction`; proto3 leaves out a
 * zero, so a message without the field is VALID (0).
 */
export function processedTxValidationCode(bytes: Uint8Array): number {
    let i = 0;
    const varint = (): number => {
        let v = 0;
        let shift = 0;
        for (;;) {
            if (i >= bytes.length) throw new Error("truncated protobuf varint");
            const b = bytes[i++];
            v += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) return v;
            shift += 7;
        }
    };
    while (i < bytes.length) {
        const key = varint();
        const field = Math.floor(key / 8);
        const wire = key & 7;
        if (wire === 0) {
            const v = varint();
            if (field === 2) return v;
        } else if (wire === 2) {
            const length = varint(); // read before adding: `i += varint()` would add to the old `i`
            i += length;
        } else if (wire === 1) {
            i += 8;
        } else if (wire === 5) {
            i += 4;
        } else {
            throw new Error(`unexpected protobuf wire type ${wire}`);
        }
    }
    return 0;
}
