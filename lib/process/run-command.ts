// Runs a child process to completion, streaming its output; rejects with its exit code.
import { spawn } from "node:child_process";

export function runCommand(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; quiet?: boolean }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!options.quiet) process.stdout.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${[command, ...args].join(" ")} exited with ${code}${options.quiet ? `:\n${output}` : ""}`));
    });
  });
}
