// chaincode_example02 of the seed: two accounts and a move between them. Every function is a
// transaction (no decorators: the contract API then exposes all public methods).
import { Context, Contract } from "fabric-contract-api";

function amountOf(what: string, text: string): number {
    if (!/^-?\d+$/.test(text)) {
        throw new Error(`Expecting integer value for ${what}, got ${JSON.stringify(text)}`);
    }
    return Number(text);
}

async function balance(ctx: Context, account: string): Promise<number> {
    const bytes = await ctx.stub.getState(account);
    if (!bytes || bytes.length === 0) {
        throw new Error(`Nil amount for ${account}`);
    }
    return Number(Buffer.from(bytes).toString("utf8"));
}

const put = (ctx: Context, account: string, value: number) => ctx.stub.putState(account, Buffer.from(String(value)));

export class Example02 extends Contract {
    constructor() {
        super("example02");
    }

    /** init A Aval B Bval: opens both accounts. */
    async init(ctx: Context, a: string, aVal: string, b: string, bVal: string): Promise<void> {
        await put(ctx, a, amountOf(`${a}'s balance`, aVal));
        await put(ctx, b, amountOf(`${b}'s balance`, bVal));
    }

    /** invoke A B X: moves X from A to B. */
    async invoke(ctx: Context, from: string, to: string, amount: string): Promise<void> {
        const x = amountOf("amount to be transferred", amount);
        const fromBalance = await balance(ctx, from);
        const toBalance = await balance(ctx, to);
        await put(ctx, from, fromBalance - x);
        await put(ctx, to, toBalance + x);
    }

    /** query A: A's balance. */
    async query(ctx: Context, account: string): Promise<string> {
        return String(await balance(ctx, account));
    }

    /** delete A: closes the account. */
    async delete(ctx: Context, account: string): Promise<void> {
        await ctx.stub.deleteState(account);
    }
}

export const contracts = [Example02];
