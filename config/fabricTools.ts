// Where the Fabric command-line tools are: the project's release folder's .fabric/bin first, then PATH.
import * as fs from "fs";
import * as path from "path";

export const FABRIC_TOOLS = ["cryptogen", "configtxgen", "configtxlator"] as const;
export type FabricTool = (typeof FABRIC_TOOLS)[number];
export type FabricTools = Readonly<Record<FabricTool, string>>;

/** The command that installs the tools into .fabric/bin. */
export const INSTALL_COMMAND = "npm run tools";

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return fs.statSync(file).isFile();
    } catch {
        return false;
    }
}

const pathDirs = (env: NodeJS.ProcessEnv) => (env.PATH ?? "").split(path.delimiter).filter(Boolean);

/** The folders searched, in order: `FABRIC_BIN` if set, `<projectDir>/.fabric/bin`, then PATH. */
export function toolSearchPath(projectDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
    return [...(env.FABRIC_BIN ? [path.resolve(env.FABRIC_BIN)] : []), path.join(projectDir, ".fabric", "bin"), ...pathDirs(env)];
}

/** Absolute paths of every Fabric tool; an error naming the missing ones and how to install them. */
export function findFabricTools(projectDir: string, env: NodeJS.ProcessEnv = process.env): FabricTools {
    const dirs = toolSearchPath(projectDir, env);
    const found: Partial<Record<FabricTool, string>> = {};
    for (const tool of FABRIC_TOOLS) {
        const dir = dirs.find((d) => isExecutable(path.join(d, tool)));
        if (dir) {
            found[tool] = path.join(dir, tool);
        }
    }
    const missing = FABRIC_TOOLS.filter((t) => !found[t]);
    if (missing.length > 0) {
        throw new Error(
            `Fabric tools not found: ${missing.join(", ")} (looked in ${dirs.slice(0, dirs.length - pathDirs(env).length).join(", ")} and PATH); ` +
                `run \`${INSTALL_COMMAND}\` to install Fabric 2.5.12's tools into .fabric/bin, or set FABRIC_BIN to a folder that has them`,
        );
    }
    return found as FabricTools;
}
