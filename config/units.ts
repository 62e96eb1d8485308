// Sizes and durations as configtx.yaml and Fabric's env variables write them.
// configtxgen reads size strings as binary units ("99 MB" = 99 × 1024 × 1024), so this does too.

const SIZE_UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/** `123`, `"512 KB"`, `"98MB"`, `"1 gb"`: a size string as configtxgen accepts it. */
export const SIZE_PATTERN = /^\s*(\d+)\s*([KMG]?B)\s*$/i;

/** Bytes of a size string or byte count; undefined when it is neither. */
export function parseSize(value: number | string): number | undefined {
    if (typeof value === "number") {
        return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    }
    const m = SIZE_PATTERN.exec(value);
    if (!m) {
        return undefined;
    }
    const bytes = Number(m[1]) * SIZE_UNITS[m[2].toUpperCase()];
    return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** The shortest exact size string: `"98 MB"`, `"512 KB"`, else the byte count. */
export function formatSize(bytes: number): string {
    for (const unit of ["GB", "MB", "KB"]) {
        if (bytes % SIZE_UNITS[unit] === 0) {
            return `${bytes / SIZE_UNITS[unit]} ${unit}`;
        }
    }
    return `${bytes} B`;
}

/** The largest whole number of MB strictly below `bytes`, as a size string (for fixes). */
export function wholeMegabytesBelow(bytes: number): string {
    return `${Math.ceil(bytes / SIZE_UNITS.MB) - 1} MB`;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration subset that Fabric uses: `2s`, `500ms`, `1m30s`, `1.5s`. */
export const DURATION_PATTERN = /^(\d+(\.\d+)?(ms|s|m|h))+$/;

/** Milliseconds of a Go-style duration string; undefined when it is not one or not whole ms. */
export function parseDuration(value: string): number | undefined {
    if (!DURATION_PATTERN.test(value)) {
        return undefined;
    }
    let ms = 0;
    for (const m of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
        ms += Number(m[1]) * DURATION_UNITS[m[2]];
    }
    return Number.isInteger(ms) ? ms : undefined;
}

/** A Go-style duration string for whole milliseconds: `2s`, `500ms`, `1m30s`, `1h0m0s` as Go prints. */
export function formatDuration(ms: number): string {
    if (ms < 1000) {
        return `${ms}ms`;
    }
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const s = (ms % 60_000) / 1000;
    if (h > 0) {
        return `${h}h${m}m${s}s`;
    }
    return m > 0 ? `${m}m${s}s` : `${s}s`;
}
