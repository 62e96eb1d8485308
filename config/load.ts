// The config pipeline, one way: raw → schema (schema.ts) → defaults filled once (defaults.ts) → rules on
// the filled config (rules.ts) → frozen NetworkSpec (spec.ts); or one error that lists every problem.
import { z } from "zod";
import { fillDefaults, FilledConfig, writtenAt } from "./defaults";
import { check, Problem, show } from "./rules";
import { stackConfigSchema } from "./schema";
import { buildSpec, NetworkSpec, SpecContext } from "./spec";
import { ordererWarnings } from "./raft";

export class ConfigError extends Error {
    constructor(
        readonly stackName: string,
        readonly problems: readonly string[],
    ) {
        super(
            `stack "${stackName}" has ${problems.length} config problem${problems.length === 1 ? "" : "s"}; nothing was created or changed:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

const keyOf = (path: readonly PropertyKey[]): string =>
    path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");

/** The schema node at a path, through defaults, optionals, pipes and arrays (for key suggestions). */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
    let s: any = schema;
    const unwrap = () => {
        for (;;) {
            const def = s?._zod?.def;
            if (def?.innerType) s = def.innerType;
            else if (def?.type === "pipe") s = def.in;
            else return;
        }
    };
    for (const p of path) {
        unwrap();
        const def = s?._zod?.def;
        s = typeof p === "number" ? def?.element : def?.shape?.[p as string];
    }
    unwrap();
    return s;
}

function distance(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++)
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
}

/** Keys that earlier versions read, by path with the list indices left out: why each went, and the fix. */
const RETIRED_KEYS: Record<string, string> = {
    "chaincodes[].sequence":
        "the lifecycle sequence is no longer set by hand: the program approves and commits the channel's next sequence whenever the chaincode's package changes (a new version, source or image); remove it",
};

function unknownKeyFix(parentPath: readonly PropertyKey[], key: string): string {
    const retired = RETIRED_KEYS[keyOf([...parentPath, key]).replace(/\[\d+\]/g, "[]")];
    if (retired !== undefined) {
        return retired;
    }
    const known: string[] = Object.keys((schemaAt(stackConfigSchema, parentPath) as any)?._zod?.def?.shape ?? {});
    const prefix = parentPath.length ? `${keyOf(parentPath)}.` : "";
    const close = known
        .map((k) => ({ k, d: k.toLowerCase() === key.toLowerCase() ? 0 : distance(k.toLowerCase(), key.toLowerCase()) }))
        .filter(({ d }) => d <= Math.max(2, Math.floor(key.length / 3)))
        .sort((a, b) => a.d - b.d);
    return close.length
        ? `did you mean ${prefix}${close[0].k}?`
        : `remove it; the keys here are ${known.map((k) => prefix + k).join(", ")}`;
}

interface SchemaProblem extends Problem {
    readonly path: readonly PropertyKey[];
}

function schemaProblems(error: z.ZodError, raw: unknown): SchemaProblem[] {
    return error.issues.flatMap((issue): SchemaProblem[] => {
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((k) => {
                const path = [...issue.path, k];
                const key = keyOf(path);
                return { key, keys: [key], path, message: `${key} (${show(writtenAt(raw, key))}) is not a setting of this program; ${unknownKeyFix(issue.path, k)}` };
            });
        }
        const key = keyOf(issue.path);
        const given = writtenAt(raw, key);
        const what = given === undefined ? "missing" : show(given);
        const message = issue.code === "invalid_type" && given === undefined ? "is required; add it" : issue.message;
        return [{ key, keys: [key], path: issue.path, message: `${key} (${what}) ${message}` }];
    });
}

function without(raw: unknown, paths: readonly (readonly PropertyKey[])[]): unknown {
    const copy = structuredClone(raw) as any;
    for (const path of paths) {
        let parent = copy;
        for (const p of path.slice(0, -1)) {
            parent = parent?.[p as any];
        }
        if (parent && typeof parent === "object") {
            delete parent[path[path.length - 1] as any];
        }
    }
    return copy;
}

/**
 * Every problem of a raw config, schema and rules together. A rule that reads a key which already has a
 * type problem is left out: it would only repeat that problem with a default standing in for the value.
 */
export function findProblems(raw: unknown): { problems: string[]; config?: FilledConfig } {
    const first = stackConfigSchema.safeParse(raw);
    if (first.success) {
        const config = fillDefaults(first.data, raw);
        return { problems: check(config).map((p) => p.message), config };
    }
    const typeProblems = schemaProblems(first.error, raw);
    let lenient = without(raw, typeProblems.map((p) => p.path));
    let parsed = stackConfigSchema.safeParse(lenient);
    for (let round = 0; !parsed.success && round < 5; round++) {
        lenient = without(lenient, parsed.error.issues.map((i) => i.path));
        parsed = stackConfigSchema.safeParse(lenient);
    }
    const bad = new Set(typeProblems.map((p) => p.key));
    const touchesBad = (p: Problem) => p.keys.some((k) => [...bad].some((b) => k === b || k.startsWith(`${b}.`) || k.startsWith(`${b}[`) || b.startsWith(`${k}[`) || b.startsWith(`${k}.`)));
    // The rules see what was parsed: the keys with type problems fall back to their defaults.
    const ruleProblems = parsed.success ? check(fillDefaults(parsed.data, lenient)).filter((p) => !touchesBad(p)) : [];
    return { problems: [...typeProblems, ...ruleProblems].map((p) => p.message) };
}

/**
 * What a config that passes the rules should still tell its user (index.ts shows each with
 * pulumi.log.warn); none for a config with problems, whose problems come first.
 */
export function configWarnings(raw: unknown): string[] {
    const parsed = stackConfigSchema.safeParse(raw);
    if (!parsed.success || check(fillDefaults(parsed.data, raw)).length > 0) {
        return [];
    }
    return ordererWarnings(parsed.data, (key) => writtenAt(raw, key) !== undefined);
}

/** The spec of a valid raw config; a ConfigError naming every problem otherwise. */
export function loadSpec(raw: unknown, ctx: SpecContext): NetworkSpec {
    const { problems, config } = findProblems(raw);
    if (problems.length > 0 || !config) {
        throw new ConfigError(ctx.stack, problems);
    }
    return buildSpec(config, ctx);
}

/**
 * The raw `<project>:*` values of Pulumi's config map: structured values arrive as JSON text, plain
 * strings as they are.
 */
export function rawFromPulumiConfig(all: Record<string, string>, project: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [fullKey, text] of Object.entries(all)) {
        if (!fullKey.startsWith(`${project}:`)) {
            continue;
        }
        const key = fullKey.slice(project.length + 1);
        raw[key] = parseConfigValue(text);
    }
    return raw;
}

function parseConfigValue(text: string): unknown {
    const t = text.trim();
    // Top-level scalars (fabricVersion, domain) are strings: "2.5" must not turn into a number.
    if (t.startsWith("{") || t.startsWith("[")) {
        try {
            return JSON.parse(t);
        } catch {
            return text;
        }
    }
    return text;
}
