/**
 * `npm run audit`: checks every published article of a dataset against the publish rules (with
 * `--drafts`, every article draft as if it were published now).
 * See audit/cli.ts for the flags (`npm run audit -- --help`) and exit codes.
 */
import {runAuditCli} from '../audit/cli.ts'

process.exitCode = await runAuditCli(process.argv.slice(2), {stdout: process.stdout, stderr: process.stderr, env: process.env})
